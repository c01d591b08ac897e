/**
 * Adds up the static check (`npm run check`, one pass or one failure) and the
 * vitest and Playwright JSON reports into the one closing line CI reads:
 * "N passed, N failed" (plus ", N skipped" when any were skipped). A missing
 * or unreadable report counts as a failure, never as zero tests.
 */
import { readFileSync } from "node:fs";

type Counts = { passed: number; failed: number; skipped: number };

function read(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function vitestCounts(report: unknown): Counts | undefined {
  const r = report as {
    numPassedTests?: number;
    numFailedTests?: number;
    numPendingTests?: number;
    numTodoTests?: number;
    numFailedTestSuites?: number;
  };
  if (typeof r?.numPassedTests !== "number") return undefined;
  const failedTests = r.numFailedTests ?? 0;
  return {
    passed: r.numPassedTests,
    // A file that fails to load has no failed test in it, yet it failed: count it.
    failed: failedTests > 0 ? failedTests : (r.numFailedTestSuites ?? 0),
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  };
}

function playwrightCounts(report: unknown): Counts | undefined {
  const stats = (report as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } })?.stats;
  const errors = (report as { errors?: unknown[] })?.errors ?? [];
  if (typeof stats?.expected !== "number") return undefined;
  return {
    passed: stats.expected,
    // Flaky tests failed at least once; global-setup errors fail the run.
    failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0) + (stats.expected + (stats.unexpected ?? 0) === 0 ? errors.length : 0),
    skipped: stats.skipped ?? 0,
  };
}

function checkCounts(report: unknown): Counts | undefined {
  const ok = (report as { ok?: unknown })?.ok;
  if (typeof ok !== "boolean") return undefined;
  return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
}

const [checkFile, vitestFile, playwrightFile] = process.argv.slice(2);
const parts: Array<[string, Counts | undefined]> = [
  ["check", checkCounts(read(checkFile ?? ""))],
  ["vitest", vitestCounts(read(vitestFile ?? ""))],
  ["playwright", playwrightCounts(read(playwrightFile ?? ""))],
];

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const [name, counts] of parts) {
  if (!counts) {
    console.error(`${name}: no report was written (the runner failed before running tests); counted as 1 failure`);
    total.failed += 1;
    continue;
  }
  console.error(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}

console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
