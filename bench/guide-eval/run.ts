/**
 * `npm run eval:guide`: how well and how fast the guide answers, measured
 * (never asserted in a timed test). It writes bench/results/guide-eval.md and
 * .json:
 *
 * 1. Accuracy: every question of agent/eval/questions/*.json against the
 *    guide's answers (top-1, top-3, the misses), with in-process answer times.
 * 2. Live, against a real livekit-server and a real guide worker: people (real
 *    LiveKit participants) join rooms about this repository and ask over
 *    `lk.chat`: time from connect to the greeting, first while the index is
 *    built and then once it is cached, and from question to answer.
 * 3. Generated repositories of 1k and 10k files, read by the same worker in a
 *    room: the index build time it logs, and the job process's peak memory
 *    (and the whole worker's, idle job processes included).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { AccessToken, AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { type GuideWorker, guideWorkerEnv, startGuideWorker } from "../../scripts/lib/guide-process";
import { type LiveKitServer, startLiveKitServer } from "../../scripts/lib/livekit-process";
import { childrenOf, treeRssMiB } from "../../scripts/lib/process-stats";
import { Person } from "../../scripts/lib/room-person";
import { buildKnowledge } from "@/agent/knowledge/build";
import { type Judged, judgeAll, loadQuestions } from "./accuracy";
import { generateRepository } from "./generate-repository";

const GUIDE = "eval-guide";
const RESULTS = path.resolve("bench/results");
const ROOMS_ONCE_INDEXED = 8;
/** The guide answers at most 20 questions a minute from one person; each asker stays under it. */
const QUESTIONS_PER_PERSON = 15;
const GENERATED_SIZES = [1_000, 10_000];

const TARGETS = {
  top3Percent: 90,
  answerP95Ms: 500,
  greetingP50Ms: 3_000,
  build10kMs: 10_000,
  workerRssMiB: 400,
};

type SetResult = { set: string; root: string; questions: number; top1: number; top3: number; misses: Judged[]; answerMs: number[] };
type LiveResult = { coldGreetingMs: number; greetingMs: number[]; answerMs: number[] };
type GeneratedResult = {
  files: number;
  greetingMs: number;
  readMs: number;
  buildMs: number;
  threads: number;
  indexedFiles: number;
  symbols: number;
  jobPeakRssMiB: number;
  workerTreePeakRssMiB: number;
};

const generatedRoot = (scratch: string, files: number) => path.join(scratch, `generated-${files}`);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
};
const round = (value: number) => Math.round(value);
const log = (message: string) => console.log(`[eval] ${message}`);

async function accuracy(): Promise<SetResult[]> {
  const sets = [
    { set: "onboarding-rooms", root: process.cwd() },
    { set: "fleet-tracker", root: path.resolve("tests/fixtures/fleet-tracker") },
  ];
  const results: SetResult[] = [];
  for (const { set, root } of sets) {
    const knowledge = await buildKnowledge(root);
    const judged = judgeAll(knowledge, loadQuestions(path.resolve(`agent/eval/questions/${set}.json`)));
    results.push({
      set,
      root: path.relative(process.cwd(), root) || ".",
      questions: judged.length,
      top1: judged.filter((each) => each.top1).length,
      top3: judged.filter((each) => each.top3).length,
      misses: judged.filter((each) => !each.top1),
      answerMs: judged.map((each) => each.ms),
    });
    log(`${set}: top-1 ${results.at(-1)!.top1}/${judged.length}, top-3 ${results.at(-1)!.top3}/${judged.length}`);
  }
  return results;
}

class Rooms {
  private readonly rooms: RoomServiceClient;
  private readonly dispatches: AgentDispatchClient;
  private count = 0;

  constructor(private readonly livekit: LiveKitServer) {
    this.rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    this.dispatches = new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  }

  /** A room about repoRoot, described and dispatched as livekit.join does, and a person's token for it. */
  async open(repoRoot: string, person: string): Promise<{ roomName: string; token: string }> {
    this.count += 1;
    const roomName = `eval-${this.count}-${Date.now().toString(36)}`;
    const context = { id: "eval", title: path.basename(repoRoot), repoRoot, agentName: GUIDE };
    await this.rooms.createRoom({ name: roomName, metadata: JSON.stringify({ version: 1, context }), emptyTimeout: 30 });
    await this.dispatches.createDispatch(roomName, GUIDE, { metadata: JSON.stringify({ version: 1, context }) });
    return { roomName, token: await this.token(roomName, person) };
  }

  async token(roomName: string, person: string): Promise<string> {
    const token = new AccessToken(this.livekit.apiKey, this.livekit.apiSecret, {
      identity: `${person}-${roomName}`,
      name: person,
      ttl: 600,
    });
    token.addGrant({ roomJoin: true, room: roomName, canPublish: true, canPublishData: true, canSubscribe: true });
    return token.toJwt();
  }

  async guideGone(roomName: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const participants = await this.rooms.listParticipants(roomName).catch(() => []);
      if (participants.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Joins, and resolves with the milliseconds from the start of connect() to the full greeting. */
async function timeToGreeting(url: string, token: string, name: string, timeoutMs = 30_000): Promise<{ person: Person; ms: number }> {
  const started = performance.now();
  const person = await Person.join(url, token, name);
  await person.nextFromGuide(new RegExp(`^Hi ${name}! I'm your guide`), "the greeting", 0, timeoutMs);
  return { person, ms: performance.now() - started };
}

async function live(livekit: LiveKitServer, rooms: Rooms): Promise<LiveResult> {
  const root = process.cwd();
  const questions = loadQuestions(path.resolve("agent/eval/questions/onboarding-rooms.json")).map((each) => each.q);

  const first = await rooms.open(root, "Ada");
  const cold = await timeToGreeting(livekit.url, first.token, "Ada", 120_000);
  log(`greeting while indexing this repository: ${round(cold.ms)} ms`);

  // Questions from three people in that room, one at a time, each timed from send to answer.
  const answerMs: number[] = [];
  const askers = [cold.person];
  for (const name of ["Ben", "Cy"]) {
    const joined = await timeToGreeting(livekit.url, await rooms.token(first.roomName, name), name);
    askers.push(joined.person);
  }
  for (const [index, question] of questions.entries()) {
    const asker = askers[Math.floor(index / QUESTIONS_PER_PERSON) % askers.length]!;
    const started = performance.now();
    await asker.ask(question);
    answerMs.push(performance.now() - started);
  }
  await Promise.all(askers.map((person) => person.leave()));
  await rooms.guideGone(first.roomName);
  log(`answers over lk.chat: p50 ${round(percentile(answerMs, 50))} ms, p95 ${round(percentile(answerMs, 95))} ms`);

  const greetingMs: number[] = [];
  for (let index = 0; index < ROOMS_ONCE_INDEXED; index += 1) {
    const room = await rooms.open(root, "Dee");
    const { person, ms } = await timeToGreeting(livekit.url, room.token, "Dee");
    greetingMs.push(ms);
    await person.leave();
    await rooms.guideGone(room.roomName);
  }
  log(`greeting once indexed: p50 ${round(percentile(greetingMs, 50))} ms`);
  return { coldGreetingMs: cold.ms, greetingMs, answerMs };
}

/**
 * Samples memory until stopped, and returns the peaks: the largest job process
 * (the one reading the repository; the framework hands a room to a process it
 * had started idle) and the worker's whole tree.
 */
function watchMemory(worker: GuideWorker) {
  let job = 0;
  let tree = 0;
  const timer = setInterval(() => {
    tree = Math.max(tree, treeRssMiB(worker.pid));
    for (const pid of childrenOf(worker.pid)) job = Math.max(job, treeRssMiB(pid));
  }, 100);
  return () => {
    clearInterval(timer);
    return { job, tree };
  };
}

async function generated(livekit: LiveKitServer, rooms: Rooms, worker: GuideWorker, scratch: string): Promise<GeneratedResult[]> {
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
    const { person, ms } = await timeToGreeting(livekit.url, room.token, "Eve", 180_000);
    const peaks = stop();
    await person.leave();
    await rooms.guideGone(room.roomName);

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
      jobPeakRssMiB: round(peaks.job),
      workerTreePeakRssMiB: round(peaks.tree),
    });
    log(`${files} files: index built in ${stats.buildMs} ms, job peak ${round(peaks.job)} MiB, worker tree peak ${round(peaks.tree)} MiB`);
  }
  return results;
}

function render(sets: SetResult[], liveResult: LiveResult, generatedResults: GeneratedResult[], machine: string): string {
  const mark = (met: boolean) => (met ? "met" : "**missed**");
  const answerP95 = percentile(liveResult.answerMs, 95);
  const greetingP50 = percentile(liveResult.greetingMs, 50);
  const tenK = generatedResults.find((each) => each.files === 10_000);
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
        `| top-3 ≥ ${TARGETS.top3Percent}% (${set.set}) | ${((100 * set.top3) / set.questions).toFixed(1)}% | ${mark((100 * set.top3) / set.questions >= TARGETS.top3Percent)} |`,
    ),
    `| answer p95 ≤ ${TARGETS.answerP95Ms} ms once indexed (over lk.chat) | ${round(answerP95)} ms | ${mark(answerP95 <= TARGETS.answerP95Ms)} |`,
    `| greeting p50 ≤ ${TARGETS.greetingP50Ms} ms from connect, once indexed | ${round(greetingP50)} ms | ${mark(greetingP50 <= TARGETS.greetingP50Ms)} |`,
    tenK
      ? `| 10k-file index ≤ ${TARGETS.build10kMs} ms | ${tenK.buildMs} ms | ${mark(tenK.buildMs <= TARGETS.build10kMs)} |`
      : "| 10k-file index | not measured | |",
    tenK
      ? `| job process ≤ ${TARGETS.workerRssMiB} MiB RSS while building it | ${tenK.jobPeakRssMiB} MiB | ${mark(tenK.jobPeakRssMiB <= TARGETS.workerRssMiB)} |`
      : "",
    "",
    "## Accuracy",
    "",
    "| Question set | Questions | Top-1 | Top-3 | Answer p50 / p95 (in process) |",
    "| --- | --- | --- | --- | --- |",
    ...sets.map(
      (set) =>
        `| ${set.set} (\`${set.root}\`) | ${set.questions} | ${set.top1} (${((100 * set.top1) / set.questions).toFixed(1)}%) | ${set.top3} (${((100 * set.top3) / set.questions).toFixed(1)}%) | ${percentile(set.answerMs, 50).toFixed(1)} / ${percentile(set.answerMs, 95).toFixed(1)} ms |`,
    ),
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
    "| Measure | p50 | p95 | n |",
    "| --- | --- | --- | --- |",
    `| connect → greeting, while the index is built | ${round(liveResult.coldGreetingMs)} ms | | 1 |`,
    `| connect → greeting, once indexed | ${round(greetingP50)} ms | ${round(percentile(liveResult.greetingMs, 95))} ms | ${liveResult.greetingMs.length} |`,
    `| question sent → answer received | ${round(percentile(liveResult.answerMs, 50))} ms | ${round(answerP95)} ms | ${liveResult.answerMs.length} |`,
    "",
    "## Generated repositories, read by the worker in a room",
    "",
    "| Files | Indexed files | Symbols | Threads | Index build | connect → greeting | Job process peak RSS | Worker tree peak RSS |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...generatedResults.map(
      (each) =>
        `| ${each.files} | ${each.indexedFiles} | ${each.symbols} | ${each.threads} | ${each.buildMs} ms | ${round(each.greetingMs)} ms | ${each.jobPeakRssMiB} MiB | ${each.workerTreePeakRssMiB} MiB |`,
    ),
    "",
    "The worker tree is the worker, its idle job process (GUIDE_IDLE_PROCESSES, 1) and the job; the job process is the one that reads and indexes.",
    "",
  ];
  return lines.filter((line, index, all) => line !== "" || all[index - 1] !== "").join("\n");
}

async function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "guide-eval-"));
  const sets = await accuracy();

  const livekit = await startLiveKitServer({ apiKey: "evalkey" });
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
    const rooms = new Rooms(livekit);
    const liveResult = await live(livekit, rooms);
    const generatedResults = await generated(livekit, rooms, worker, scratch);

    const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, Node ${process.versions.node}`;
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, "guide-eval.md"), render(sets, liveResult, generatedResults, machine));
    writeFileSync(
      path.join(RESULTS, "guide-eval.json"),
      `${JSON.stringify({ machine, targets: TARGETS, sets, live: liveResult, generated: generatedResults }, null, 2)}\n`,
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
