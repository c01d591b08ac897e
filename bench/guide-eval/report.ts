/**
 * The eval's results as Markdown (bench/results/guide-eval.md): the targets
 * met or missed, accuracy with every miss, redactions with every one that was
 * not planted, live latencies (p50, p95 and max), and the generated
 * repositories' build time and memory.
 */
import type { Judged } from "./accuracy";
import type { AdversarialResult } from "./adversarial";
import type { LiveResult } from "./live";
import type { RedactionReport } from "./redactions";

export const TARGETS = {
  top3Percent: 90,
  answerP95Ms: 500,
  answerMaxMs: 1_000,
  greetingP50Ms: 3_000,
  adversarialMaxMs: 1_000,
  build10kMs: 10_000,
  workerRssMiB: 400,
  failingPointers: 0,
  map10kMs: 2_000,
};

export type SetResult = {
  set: string;
  root: string;
  questions: number;
  top1: number;
  top3: number;
  misses: Judged[];
  answerMs: number[];
  /** Pointers given, and those that do not hold (`“question”: path:line (why)`). */
  pointers: number;
  failingPointers: string[];
  redactions: RedactionReport;
};

export type GeneratedResult = {
  files: number;
  greetingMs: number;
  readMs: number;
  buildMs: number;
  threads: number;
  indexedFiles: number;
  symbols: number;
  redactedLines: number;
  jobPeakRssMiB: number;
  /** The knowledge service, which reads the repository and holds its index for every room. */
  servicePeakRssMiB: number;
  workerTreePeakRssMiB: number;
  /** The map, computed and released once indexed. */
  mapMs: number;
  mapModules: number;
  mapEdges: number;
};

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
}

const round = (value: number) => Math.round(value);
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const mark = (met: boolean) => (met ? "met" : "**missed**");

function latencyRow(label: string, values: number[]): string {
  return `| ${label} | ${round(percentile(values, 50))} ms | ${round(percentile(values, 95))} ms | ${round(Math.max(...values))} ms | ${values.length} |`;
}

export function renderReport(
  sets: SetResult[],
  live: LiveResult,
  generated: GeneratedResult[],
  adversarial: AdversarialResult[],
  machine: string,
): string {
  const slowest = adversarial[0]!;
  const answerP95 = percentile(live.answerMs, 95);
  const answerMax = Math.max(...live.answerMs);
  const greetingP50 = percentile(live.newRoomGreetingMs, 50);
  const tenK = generated.find((each) => each.files === 10_000);
  const lines = [
    "# The guide, measured",
    "",
    `Written by \`npm run eval:guide\` on ${new Date().toISOString().slice(0, 10)} (${machine}).`,
    "",
    "## Targets",
    "",
    "| Target | Measured | |",
    "| --- | --- | --- |",
    ...sets.map(
      (set) =>
        `| top-3 ≥ ${TARGETS.top3Percent}% (${set.set}) | ${percent(set.top3, set.questions)} | ${mark((100 * set.top3) / set.questions >= TARGETS.top3Percent)} |`,
    ),
    ...sets.map(
      (set) =>
        `| pointers that fail = ${TARGETS.failingPointers} (${set.set}) | ${set.failingPointers.length} of ${set.pointers} | ${mark(set.failingPointers.length === TARGETS.failingPointers)} |`,
    ),
    tenK
      ? `| 10k-file map ≤ ${TARGETS.map10kMs} ms once indexed | ${round(tenK.mapMs)} ms | ${mark(tenK.mapMs <= TARGETS.map10kMs)} |`
      : "",
    `| answer p95 ≤ ${TARGETS.answerP95Ms} ms once indexed (over lk.chat) | ${round(answerP95)} ms | ${mark(answerP95 <= TARGETS.answerP95Ms)} |`,
    `| slowest answer < ${TARGETS.answerMaxMs} ms, over ${live.answerMs.length} | ${round(answerMax)} ms | ${mark(answerMax < TARGETS.answerMaxMs)} |`,
    `| greeting p50 ≤ ${TARGETS.greetingP50Ms} ms from connect, once indexed | ${round(greetingP50)} ms | ${mark(greetingP50 <= TARGETS.greetingP50Ms)} |`,
    tenK
      ? `| 10k-file index ≤ ${TARGETS.build10kMs} ms | ${tenK.buildMs} ms | ${mark(tenK.buildMs <= TARGETS.build10kMs)} |`
      : "| 10k-file index | not measured | |",
    tenK
      ? `| the process building it (the knowledge service) ≤ ${TARGETS.workerRssMiB} MiB RSS | ${tenK.servicePeakRssMiB} MiB (the room's job process: ${tenK.jobPeakRssMiB} MiB) | ${mark(tenK.servicePeakRssMiB <= TARGETS.workerRssMiB)} |`
      : "",
    `| any 100 KB of adversarial text scanned by the read gate < ${TARGETS.adversarialMaxMs} ms | ${round(slowest.ms)} ms (${slowest.shape}, ${slowest.path}) | ${mark(slowest.ms < TARGETS.adversarialMaxMs)} |`,
    "",
    "## Accuracy and redactions",
    "",
    "Every line the read gate blanked is a redaction. Planted: the secrets a fixture holds on purpose. Test credentials: fake",
    "credentials written on purpose in test and benchmark code. Elsewhere: anything else, each one a false redaction.",
    "",
    "| Question set | Questions | Top-1 | Top-3 | Answer p50 / p95 (in process) | Redactions | Planted | Test credentials | Elsewhere |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...sets.map(
      (set) =>
        `| ${set.set} (\`${set.root}\`) | ${set.questions} | ${set.top1} (${percent(set.top1, set.questions)}) | ${set.top3} (${percent(set.top3, set.questions)}) | ${percentile(set.answerMs, 50).toFixed(1)} / ${percentile(set.answerMs, 95).toFixed(1)} ms | ${set.redactions.total} | ${set.redactions.planted} | ${set.redactions.testCredentials.length} | ${set.redactions.elsewhere.length} |`,
    ),
    "",
    "### Redactions that were not planted",
    "",
    ...sets.flatMap((set) => [
      ...set.redactions.elsewhere.map((each) => `- **elsewhere**, ${set.set}: \`${each.path}:${each.line}\` (${each.rule})`),
      ...set.redactions.testCredentials.map((each) => `- test credential, ${set.set}: \`${each.path}:${each.line}\` (${each.rule})`),
    ]),
    "",
    "### Pointers that fail (the file unreadable, or no such line)",
    "",
    ...sets.flatMap((set) => set.failingPointers.map((each) => `- ${set.set}: ${each}`)),
    ...(sets.every((set) => set.failingPointers.length === 0) ? ["None."] : []),
    "",
    "### Misses (not first; ✗ = not in the top three either)",
    "",
    ...sets.flatMap((set) =>
      set.misses.map(
        (miss) =>
          `- ${miss.top3 ? "~" : "✗"} ${set.set}: “${miss.q}” wanted \`${miss.expect.join("` or `")}\`, got ${miss.named.length ? miss.named.map((each) => `\`${each}\``).join(", ") : "no file"}`,
      ),
    ),
    "",
    "## Live, over lk.chat (this repository)",
    "",
    "| Measure | p50 | p95 | max | n |",
    "| --- | --- | --- | --- | --- |",
    `| connect → greeting, while the index is built | ${round(live.coldGreetingMs)} ms | | | 1 |`,
    latencyRow("connect → greeting, alone in a new room, once indexed", live.newRoomGreetingMs),
    latencyRow("connect → greeting, joining a room the guide is in", live.joinedRoomGreetingMs),
    latencyRow("question sent → answer received", live.answerMs),
    "",
    "A participant that joins a room on this machine becomes visible to the others about 3 s after its connect resolves",
    "(livekit-server on loopback only), which is most of the time to a greeting in a room the guide is already in.",
    "",
    "## The read gate on adversarial text",
    "",
    "Each shape that once made a rule backtrack, at 100 KB, through both layers; the five slowest:",
    "",
    "| Shape | File | Scan |",
    "| --- | --- | --- |",
    ...adversarial.slice(0, 5).map((each) => `| ${each.shape} | \`${each.path}\` | ${round(each.ms)} ms |`),
    "",
    "## Generated repositories, read by the worker in a room",
    "",
    "| Files | Indexed files | Symbols | Redacted lines | Threads | Index build | connect → greeting | Knowledge service peak RSS | Job process peak RSS | Worker tree peak RSS | Map (modules, arrows) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...generated.map(
      (each) =>
        `| ${each.files} | ${each.indexedFiles} | ${each.symbols} | ${each.redactedLines} | ${each.threads} | ${each.buildMs} ms | ${round(each.greetingMs)} ms | ${each.servicePeakRssMiB} MiB | ${each.jobPeakRssMiB} MiB | ${each.workerTreePeakRssMiB} MiB | ${round(each.mapMs)} ms (${each.mapModules}, ${each.mapEdges}) |`,
    ),
    "",
    "The worker tree is the worker, its knowledge service (which reads and indexes, and holds the index for every room), its idle job process (GUIDE_IDLE_PROCESSES, 1) and the room's job process.",
    "",
  ];
  return lines.filter((line, index, all) => line !== "" || all[index - 1] !== "").join("\n");
}
