/**
 * The read gate's worst case, for `npm run eval:guide`: a hostile repository
 * writes the text the secret rules read, so each shape that once made a rule
 * backtrack (a key's BEGIN line and a long run of `+`, a name and a long run
 * of spaces, thousands of near-matches on one line…) is scanned at 100 KB, as
 * code, configuration and prose, by both layers. Reported, not asserted.
 */
import { findSecrets } from "@/agent/knowledge/secret-scanner";

const SIZE = 100_000;

const repeat = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

/** Each shape: text of about SIZE characters. */
const SHAPES: Record<string, () => string> = {
  "key body of +": () => `-----BEGIN PRIVATE KEY-----\n${"+".repeat(SIZE)}!`,
  "name, spaces, value": () => `password=x${" ".repeat(SIZE)}x`,
  "spaces after a name": () => `password= ${" ".repeat(SIZE)}x`,
  "connection-string pairs": () => repeat(" pwd=x"),
  "JWT-like runs": () => repeat("eyJ-"),
  "scheme-like runs": () => repeat("a."),
  "mysql words": () => repeat("mysql "),
  "authorization headers": () => repeat("authorization: bearer "),
  "assignments on one line": () => repeat("key=1 "),
  "quoted words after a secret word": () => repeat("password `a "),
  "typed assignments": () => repeat(`password: ${"A".repeat(40)} `),
  arrows: () => repeat("password → "),
  "random tokens": () => repeat("Ab1Cd2Ef3Gh4Ij5Kl6Mn7 "),
  "YAML block scalars": () => `password: |\n${repeat("  x\n")}`,
  heredocs: () => `password = <<EOF\n${repeat("x\n")}`,
  "unclosed quotes": () => `password = '${"\\".repeat(SIZE)}`,
};

export type AdversarialResult = { shape: string; path: string; ms: number };

/** Every shape through the whole scanner, as a .ts, a .yml and a .md file; slowest first. */
export async function measureAdversarial(): Promise<AdversarialResult[]> {
  const results: AdversarialResult[] = [];
  for (const [shape, make] of Object.entries(SHAPES)) {
    const text = make();
    for (const path of ["file.ts", "file.yml", "file.md"]) {
      const started = performance.now();
      await findSecrets(text, path);
      results.push({ shape, path, ms: performance.now() - started });
    }
  }
  return results.sort((a, b) => b.ms - a.ms);
}
