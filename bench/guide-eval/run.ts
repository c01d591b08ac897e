/**
 * `npm run eval:guide`: how well and how fast the guide answers, and what its
 * read gate blanks, measured (never asserted in a timed test). It writes
 * bench/results/guide-eval.md and .json:
 *
 * 1. Accuracy: every question of bench/guide-eval/questions/*.json against
 *    the guide's answers (top-1, top-3, the misses), with in-process answer
 *    times; and every line the read gate blanked in those repositories, with
 *    its rule (redactions.ts).
 * 2. Live, against a real livekit-server and a real guide worker (live.ts):
 *    greetings (while the index is built, in new rooms, and on joining a
 *    room the guide is in) and at least 200 answers over `lk.chat`, as p50,
 *    p95 and max.
 * 3. Generated repositories of 1k and 10k files, read by the same worker in a
 *    room: the index build time it logs, and the job process's peak memory
 *    (and the whole worker's, idle job processes included).
 * 4. The read gate's worst case on adversarial text (adversarial.ts).
 * 5. Every pointer of every answer checked (the file readable, the line in
 *    it), and the map of each generated repository timed once indexed.
 * 6. The guide's hearing (hearing.ts): every question spoken in three voices
 *    and heard with each repository's grammar, and spoken questions asked
 *    live, written to bench/results/hearing-eval.md. `EVAL_ONLY=hearing`
 *    runs this part alone.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { buildKnowledge } from "@/agent/knowledge/build";
import { tourCommand } from "@/agent/guide/tour-commands";
import { serve } from "@/agent/knowledge/calls";
import { type GuideWorker, guideWorkerEnv, startGuideWorker } from "../../scripts/lib/guide-process";
import { startLiveKitServer } from "../../scripts/lib/livekit-process";
import { childrenOf, treeRssMiB } from "../../scripts/lib/process-stats";
import { judgeAll, loadQuestions } from "./accuracy";
import { measureAdversarial } from "./adversarial";
import { generateRepository } from "./generate-repository";
import { HEARING_TARGETS, measureLiveHearing, measureRecognition, type RecognitionResult } from "./hearing";
import { renderHearingReport } from "./hearing-report";
import { EvalRooms, measureLive, timeToGreeting } from "./live";
import { classifyRedactions } from "./redactions";
import { type GeneratedResult, renderReport, type SetResult, TARGETS } from "./report";

const GUIDE = "eval-guide";
const RESULTS = path.resolve("bench/results");
const QUESTIONS = path.resolve("bench/guide-eval/questions");
const GENERATED_SIZES = [1_000, 10_000];
/** Spoken questions asked live, each timed from the release to the answer. */
const LIVE_SPOKEN_QUESTIONS = 20;
const SETS = [
  { set: "onboarding-rooms", root: process.cwd() },
  { set: "fleet-tracker", root: path.resolve("tests/fixtures/fleet-tracker") },
];

const generatedRoot = (scratch: string, files: number) => path.join(scratch, `generated-${files}`);
const log = (message: string) => console.log(`[eval] ${message}`);

async function accuracy(): Promise<SetResult[]> {
  const results: SetResult[] = [];
  for (const { set, root } of SETS) {
    const knowledge = await buildKnowledge(root);
    const judged = await judgeAll(knowledge, loadQuestions(path.join(QUESTIONS, `${set}.json`)));
    const result: SetResult = {
      set,
      root: path.relative(process.cwd(), root) || ".",
      questions: judged.length,
      top1: judged.filter((each) => each.top1).length,
      top3: judged.filter((each) => each.top3).length,
      misses: judged.filter((each) => !each.top1),
      answerMs: judged.map((each) => each.ms),
      pointers: judged.reduce((sum, each) => sum + each.named.length, 0),
      failingPointers: judged.flatMap((each) => each.failingPointers.map((pointer) => `“${each.q}”: ${pointer}`)),
      redactions: classifyRedactions(set, root, knowledge.redactions),
    };
    results.push(result);
    log(
      `${set}: top-1 ${result.top1}/${result.questions}, top-3 ${result.top3}/${result.questions}; ${result.failingPointers.length} of ${result.pointers} pointers fail; ${result.redactions.total} redactions, ${result.redactions.elsewhere.length} not planted or test credentials`,
    );
  }
  return results;
}

const isKnowledgeService = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("knowledge-service");
  } catch {
    return false;
  }
};

/**
 * Samples memory until stopped, and returns the peaks: the knowledge service
 * (which reads the repository and holds its index), the largest job process
 * (the room's; the framework hands a room to a process it had started idle)
 * and the worker's whole tree.
 */
function watchMemory(worker: GuideWorker) {
  let job = 0;
  let service = 0;
  let tree = 0;
  const timer = setInterval(() => {
    tree = Math.max(tree, treeRssMiB(worker.pid));
    for (const pid of childrenOf(worker.pid)) {
      if (isKnowledgeService(pid)) service = Math.max(service, treeRssMiB(pid));
      else job = Math.max(job, treeRssMiB(pid));
    }
  }, 100);
  return () => {
    clearInterval(timer);
    return { job, service, tree };
  };
}

async function generated(rooms: EvalRooms, worker: GuideWorker, scratch: string): Promise<GeneratedResult[]> {
  const results: GeneratedResult[] = [];
  for (const files of GENERATED_SIZES) {
    const root = generatedRoot(scratch, files);
    generateRepository(root, files);
    execFileSync("git", ["-C", root, "init", "-q"]);
    execFileSync("git", ["-C", root, "add", "-A"]);
    execFileSync("git", ["-C", root, "-c", "user.name=eval", "-c", "user.email=eval@example.invalid", "commit", "-q", "-m", "generated"]);

    const outputBefore = worker.output().length;
    const stop = watchMemory(worker);
    const room = await rooms.open(root, "Eve");
    const { person, ms } = await timeToGreeting(rooms.livekit.url, room.token, "Eve", 180_000);
    const peaks = stop();
    await person.leave();
    await rooms.guideGone(room.roomName);
    // The map, once indexed: computed and released as the knowledge thread serves it.
    const knowledge = await buildKnowledge(root);
    const mapStarted = performance.now();
    const map = await serve(knowledge, "map", {});
    const mapMs = performance.now() - mapStarted;

    const line = worker
      .output()
      .slice(outputBefore)
      .split("\n")
      .find((each) => each.includes('"event":"knowledge"') && each.includes('"files"'));
    const stats = line ? (JSON.parse(line) as Record<string, number>) : {};
    results.push({
      files,
      greetingMs: ms,
      readMs: stats.readMs ?? Number.NaN,
      buildMs: stats.buildMs ?? Number.NaN,
      threads: stats.threads ?? Number.NaN,
      indexedFiles: stats.files ?? Number.NaN,
      symbols: stats.symbols ?? Number.NaN,
      redactedLines: stats.redactedLines ?? Number.NaN,
      jobPeakRssMiB: Math.round(peaks.job),
      servicePeakRssMiB: Math.round(peaks.service),
      workerTreePeakRssMiB: Math.round(peaks.tree),
      mapMs,
      mapModules: map.modules.length,
      mapEdges: map.edges.length,
    });
    log(
      `${files} files: index built in ${stats.buildMs} ms, knowledge service peak ${Math.round(peaks.service)} MiB, job peak ${Math.round(peaks.job)} MiB, worker tree peak ${Math.round(peaks.tree)} MiB`,
    );
  }
  return results;
}

/** The hearing part: recognition in process for both sets, then spoken questions in a real room. */
async function hearing(rooms: EvalRooms, worker: GuideWorker, machine: string): Promise<void> {
  const recognition: RecognitionResult[] = [];
  for (const { set, root } of SETS) {
    const questions = loadQuestions(path.join(QUESTIONS, `${set}.json`)).map((each) => each.q);
    recognition.push(await measureRecognition(set, await buildKnowledge(root), questions, log));
  }
  const jobRss = () =>
    Math.max(
      0,
      ...childrenOf(worker.pid)
        .filter((pid) => !isKnowledgeService(pid))
        .map((pid) => treeRssMiB(pid)),
    );
  const asked = loadQuestions(path.join(QUESTIONS, "onboarding-rooms.json"))
    .map((each) => each.q)
    .filter((question) => !tourCommand(question, false))
    .slice(0, LIVE_SPOKEN_QUESTIONS);
  const live = await measureLiveHearing(rooms, process.cwd(), asked, jobRss, log);
  writeFileSync(path.join(RESULTS, "hearing-eval.md"), renderHearingReport(recognition, live, machine));
  writeFileSync(
    path.join(RESULTS, "hearing-eval.json"),
    `${JSON.stringify({ machine, targets: HEARING_TARGETS, recognition, live }, null, 2)}\n`,
  );
  log(`wrote ${path.relative(process.cwd(), path.join(RESULTS, "hearing-eval.md"))}`);
}

async function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "guide-eval-"));
  const only = process.env.EVAL_ONLY;
  const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, Node ${process.versions.node}`;
  const sets = only ? [] : await accuracy();
  const adversarial = only ? [] : await measureAdversarial();
  if (!only) log(`adversarial text: the slowest 100 KB scan took ${Math.round(adversarial[0]!.ms)} ms (${adversarial[0]!.shape})`);

  const livekit = await startLiveKitServer();
  let worker: GuideWorker | undefined;
  try {
    // The worker reads only the repositories it is configured for: this one and the generated ones.
    const contexts = {
      default: "self",
      contexts: Object.fromEntries([
        ["self", { title: "Onboarding Rooms", repoRoot: process.cwd() }],
        ...GENERATED_SIZES.map((files) => [`generated-${files}`, { title: `Generated ${files}`, repoRoot: generatedRoot(scratch, files) }]),
      ]),
    };
    worker = await startGuideWorker(
      guideWorkerEnv(livekit, GUIDE, path.join(scratch, "cache"), { ONBOARDING_CONTEXTS: JSON.stringify(contexts) }),
      {
        output: { file: path.join(scratch, "worker.log") },
      },
    );
    const rooms = new EvalRooms(livekit, GUIDE);
    mkdirSync(RESULTS, { recursive: true });
    await hearing(rooms, worker, machine);
    if (only) return;
    // A tour command ("give me a tour") starts a tour in chat rather than answering: it is not a question to time.
    const questions = loadQuestions(path.join(QUESTIONS, "onboarding-rooms.json"))
      .map((each) => each.q)
      .filter((question) => !tourCommand(question, false));
    const live = await measureLive(rooms, process.cwd(), questions, log);
    const generatedResults = await generated(rooms, worker, scratch);

    writeFileSync(path.join(RESULTS, "guide-eval.md"), renderReport(sets, live, generatedResults, adversarial, machine));
    writeFileSync(
      path.join(RESULTS, "guide-eval.json"),
      `${JSON.stringify({ machine, targets: TARGETS, sets, live, generated: generatedResults, adversarial }, null, 2)}\n`,
    );
    log(`wrote ${path.relative(process.cwd(), path.join(RESULTS, "guide-eval.md"))}`);
    console.log(readFileSync(path.join(RESULTS, "guide-eval.md"), "utf8"));
  } finally {
    await worker?.stop();
    await dispose();
    await livekit.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
