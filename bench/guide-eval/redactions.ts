/**
 * Where the read gate blanked lines, for `npm run eval:guide`: a blanked
 * line the repository meant as code or prose is a cost, so every redaction
 * is listed with its rule, sorted into those that are meant to be there and
 * those that are not.
 *
 * - **Planted**: the secrets a fixture holds on purpose (this repository's
 *   tests/fixtures/, and the fleet-tracker fixture's lines that carry its
 *   CANARY values).
 * - **Test credentials**: fake credentials in test, benchmark and test-set-up
 *   code (a secret that must never be printed, a build-time canary). They are
 *   secrets by shape, written on purpose.
 * - **Elsewhere**: anything else; each one is a false redaction.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FileRedaction } from "@/agent/knowledge/build";

export type RedactionReport = {
  set: string;
  total: number;
  planted: number;
  testCredentials: FileRedaction[];
  elsewhere: FileRedaction[];
};

const TEST_CODE = /^(tests|e2e|bench|scripts)\//;

export function classifyRedactions(set: string, root: string, redactions: FileRedaction[]): RedactionReport {
  const lineOf = (redaction: FileRedaction) => readFileSync(path.join(root, redaction.path), "utf8").split("\n")[redaction.line - 1] ?? "";
  const planted = (redaction: FileRedaction) =>
    redaction.path.startsWith("tests/fixtures/") || (set === "fleet-tracker" && lineOf(redaction).includes("CANARY"));
  const unplanted = redactions.filter((redaction) => !planted(redaction));
  return {
    set,
    total: redactions.length,
    planted: redactions.length - unplanted.length,
    testCredentials: unplanted.filter((redaction) => TEST_CODE.test(redaction.path)),
    elsewhere: unplanted.filter((redaction) => !TEST_CODE.test(redaction.path)),
  };
}
