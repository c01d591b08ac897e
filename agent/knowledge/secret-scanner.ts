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
 * grows without end (secretlint#1633, fixed in secretlint 13, which needs
 * Node 22). Each lint therefore runs alone, and once its marks have been
 * measured they are cleared.
 *
 * @see https://github.com/secretlint/secretlint
 * @see https://github.com/secretlint/secretlint/issues/1633
 */
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { rules as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretLintCoreConfig, SecretLintCoreResult, SecretLintRawSource } from "@secretlint/types";
import { findWithOwnRules, textKindOf } from "./secret-rules";

/** Which part of the gate found something: secretlint's preset, the gate's own rules, or the path rules. */
export type Layer = "library" | "rules" | "paths";

/** Lines (1-based, inclusive) that hold a secret, and the rule that says so. */
export type Finding = { startLine: number; endLine: number; rule: string; layer: Layer };

const FILTER_COMMENTS = "@secretlint/secretlint-rule-filter-comments";
const RULE_PREFIX = "@secretlint/secretlint-rule-";

const LIBRARY_CONFIG: SecretLintCoreConfig = {
  rules: recommendedRules.filter((rule) => rule.meta.id !== FILTER_COMMENTS).map((rule) => ({ id: rule.meta.id, rule })),
};

let libraryTurn: Promise<unknown> = Promise.resolve();

/** Forgets what secretlint's profiler recorded of the lint that just ran, once its observer has measured it. */
async function forgetProfile(): Promise<void> {
  await nextTurn();
  (await secretLintProfiler.getEntries()).length = 0;
  (await secretLintProfiler.getMeasures()).length = 0;
  performance.clearMarks();
  performance.clearMeasures();
}

/** One lint at a time, each followed by forgetting its profile. */
function lintAlone(source: SecretLintRawSource): Promise<SecretLintCoreResult> {
  const run = libraryTurn.then(async () => {
    try {
      return await lintSource({ source, options: { config: LIBRARY_CONFIG, noPhysicFilePath: true, maskSecrets: true } });
    } finally {
      await forgetProfile();
    }
  });
  libraryTurn = run.catch(() => undefined);
  return run;
}

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
    const result = await lintAlone({
      content: text,
      filePath: relativePath ?? "text.txt",
      ext: relativePath?.match(/\.[^./]+$/)?.[0] ?? "",
      contentType: "text",
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
