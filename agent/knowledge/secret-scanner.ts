/**
 * Finding secrets in text: secretlint's recommended preset (the Node
 * ecosystem's standard rule set, kept up by its authors), and the gate's own
 * rules on top (secret-rules.ts) for what the preset does not cover.
 *
 * The preset's `filter-comments` rule is left out: it honours
 * `secretlint-disable` comments, and text from a repository must not be able
 * to switch off its own scan.
 *
 * secretlint 11 profiles every lint, always: each one leaves some sixty
 * performance marks behind in the process, and its profiler keeps every one
 * and scans them all on each new mark, so a long-lived thread slows down and
 * grows without end, and four fifths of a lint's time is the profiler's
 * (secretlint#1633; version 13, which needs Node 22, adds setEnabled(false)).
 * Its marks are switched off here, the way version 13 does it where it can.
 *
 * @see https://github.com/secretlint/secretlint
 * @see https://github.com/secretlint/secretlint/issues/1633
 */
import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { rules as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretLintCoreConfig } from "@secretlint/types";
import { findWithOwnRules } from "./secret-rules";
import { textKindOf } from "./secret-values";

/** Which part of the gate found something: secretlint's preset, the gate's own rules, or the path rules. */
export type Layer = "library" | "rules" | "paths";

/** Lines (1-based, inclusive) that hold a secret, and the rule that says so. */
export type Finding = { startLine: number; endLine: number; rule: string; layer: Layer };

const FILTER_COMMENTS = "@secretlint/secretlint-rule-filter-comments";
const RULE_PREFIX = "@secretlint/secretlint-rule-";

const LIBRARY_CONFIG: SecretLintCoreConfig = {
  rules: recommendedRules.filter((rule) => rule.meta.id !== FILTER_COMMENTS).map((rule) => ({ id: rule.meta.id, rule })),
};

/** secretlint's profiler, off: nothing reads what it records (see the header). */
function silenceProfiler(): void {
  const profiler = secretLintProfiler as typeof secretLintProfiler & { setEnabled?: (enabled: boolean) => void };
  if (profiler.setEnabled) profiler.setEnabled(false);
  else profiler.mark = () => undefined;
}
silenceProfiler();

/** Offsets where each line starts, to turn character ranges into line numbers. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/**
 * Every secret in the text, by line. `relativePath` says what kind of text it
 * is (code, configuration or prose); `layers` can leave a layer out, which
 * only the leak tests do, to show what each layer catches alone.
 */
export async function findSecrets(
  text: string,
  relativePath: string | undefined,
  layers: { library: boolean; rules: boolean } = { library: true, rules: true },
): Promise<Finding[]> {
  if (text.length === 0) return [];
  const starts = lineStarts(text);
  const findings: Finding[] = [];
  if (layers.library) {
    const result = await lintSource({
      source: {
        content: text,
        filePath: relativePath ?? "text.txt",
        ext: relativePath?.match(/\.[^./]+$/)?.[0] ?? "",
        contentType: "text",
      },
      options: { config: LIBRARY_CONFIG, noPhysicFilePath: true, maskSecrets: true },
    });
    for (const message of result.messages) {
      findings.push({
        startLine: lineAt(starts, message.range[0]),
        endLine: lineAt(starts, Math.max(message.range[0], message.range[1] - 1)),
        rule: message.ruleId.replace(RULE_PREFIX, "secretlint:"),
        layer: "library",
      });
    }
  }
  if (layers.rules) {
    for (const match of findWithOwnRules(text, textKindOf(relativePath))) {
      findings.push({
        startLine: lineAt(starts, match.start),
        endLine: lineAt(starts, Math.max(match.start, match.end - 1)),
        rule: match.rule,
        layer: "rules",
      });
    }
  }
  return findings;
}
