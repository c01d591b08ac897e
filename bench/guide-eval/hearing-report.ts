/** The hearing part of `npm run eval:guide` as Markdown (bench/results/hearing-eval.md); hearing.ts measures it. */
import { HEARING_TARGETS, type Heard, type LiveHearingResult, type RecognitionResult, VOICES } from "./hearing";
import { percentile } from "./report";

const percent = (part: number, whole: number) => (whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`);
const mark = (met: boolean) => (met ? "met" : "**missed**");

function row(label: string, heard: Heard[]): string {
  const exact = heard.filter((each) => each.exact).length;
  const same = heard.filter((each) => each.sameTop3).length;
  return `| ${label} | ${heard.length} | ${exact} (${percent(exact, heard.length)}) | ${same} (${percent(same, heard.length)}) |`;
}

export function renderHearingReport(sets: RecognitionResult[], live: LiveHearingResult | undefined, machine: string): string {
  const all = sets.flatMap((set) => set.heard);
  const same = all.filter((each) => each.sameTop3).length;
  const p95 = live ? percentile(live.releaseToAnswerMs, 95) : Number.NaN;
  const memory = Math.max(...sets.map((set) => set.recognizerPeakRssMiB));
  const jobGrowth = live ? live.jobRssAfterMiB - live.jobRssBeforeMiB : Number.NaN;
  const extra = memory + Math.max(0, jobGrowth);
  const lines = [
    "# The guide's hearing, measured",
    "",
    `Written by \`npm run eval:guide\` on ${new Date().toISOString().slice(0, 10)} (${machine}).`,
    "",
    "**The speech is synthetic**: every question is spoken by espeak-ng, in the voices below, and heard by Debian's",
    "pocketsphinx (en-us model) with the grammar the guide makes of each repository. People's voices will differ.",
    "",
    "## Targets",
    "",
    "| Target | Measured | |",
    "| --- | --- | --- |",
    `| the typed question's top-3 pointers ≥ ${HEARING_TARGETS.sameTop3Percent}% | ${percent(same, all.length)} of ${all.length} | ${mark((100 * same) / all.length >= HEARING_TARGETS.sameTop3Percent)} |`,
    `| release to the first word of the answer, p95 ≤ ${HEARING_TARGETS.releaseToAnswerP95Ms} ms | ${Math.round(p95)} ms (p50 ${live ? Math.round(percentile(live.releaseToAnswerMs, 50)) : "–"} ms, over ${live?.asked ?? 0}) | ${mark(p95 <= HEARING_TARGETS.releaseToAnswerP95Ms)} |`,
    `| the worker's extra memory per room ≤ ${HEARING_TARGETS.extraMemoryMiB} MB | ${extra.toFixed(1)} MiB (the recognizer's peak ${memory.toFixed(1)} MiB while someone holds the button; the job process ${jobGrowth >= 0 ? "+" : ""}${jobGrowth.toFixed(1)} MiB after ${live?.asked ?? 0} questions) | ${mark(extra <= HEARING_TARGETS.extraMemoryMiB)} |`,
    "",
    "## Recognition",
    "",
    `Voices: ${VOICES.map((voice) => voice.label).join("; ")}. The holdout is a quarter of the questions (by a hash of their text); the grammar is made from the repository alone, and these questions shape nothing in it.`,
    "",
    "| Questions | Spoken | Word for word | Same top 3 as typed |",
    "| --- | --- | --- | --- |",
  ];
  for (const set of sets) {
    lines.push(row(`${set.set}, all`, set.heard));
    lines.push(
      row(
        `${set.set}, holdout`,
        set.heard.filter((each) => each.holdout),
      ),
    );
    for (const voice of VOICES)
      lines.push(
        row(
          `${set.set}, ${voice.label}`,
          set.heard.filter((each) => each.voice === voice.label),
        ),
      );
  }
  lines.push(
    row(
      "both sets, holdout",
      all.filter((each) => each.holdout),
    ),
  );
  lines.push(row("both sets, all", all));
  lines.push(
    "",
    "| Grammar | Phrases | Words | Transcript after the audio ends, p50 / p95 (in process) |",
    "| --- | --- | --- | --- |",
    ...sets.map(
      (set) =>
        `| ${set.set} | ${set.phrases} | ${set.words} | ${Math.round(percentile(set.finishMs, 50))} / ${Math.round(percentile(set.finishMs, 95))} ms |`,
    ),
    "",
    "## Misheard (the answer differs from the typed question's), first voice",
    "",
    ...all
      .filter((each) => !each.sameTop3 && each.voice === VOICES[0]!.label)
      .map((each) => `- ${each.holdout ? "(holdout) " : ""}${each.set}: “${each.question}” heard as “${each.heard}”`),
    "",
  );
  return lines.join("\n");
}
