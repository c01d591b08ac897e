/**
 * `npm run bench`, part 6: rooms per guide worker. One worker (with its
 * knowledge service) on a real livekit-server, a generated repository of 1k
 * and of 10k files, its index already cached (as on a machine that has served
 * the repository before), and people who are real LiveKit participants
 * (rtc-node, scripts/lib/room-person.ts), one per room:
 * - steady arrivals: a new room every 2 s up to 50 live rooms; each person asks
 *   one question once greeted. At each 10 rooms: greeting p50/p95 and answer
 *   p95 of those 10, the worker tree's RSS and PSS, the marginal memory per
 *   room, and the tree's CPU over those 20 s;
 * - idle: the worker tree's CPU per live room once all 50 were greeted;
 * - a burst: 20 rooms at once, on a worker with no room;
 * - the start-up levers (warm processes, several workers), each with a burst.
 * Greeting times count from the room's creation (as `livekit.join` makes it)
 * to the full greeting on the person's side. Only the worker's process tree
 * is measured: LiveKit and the bench's participants share the cores.
 *
 * Writes bench/results/rooms-per-worker.{md,json}.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { type GuideWorker, guideWorkerEnv, startGuideWorker } from "../scripts/lib/guide-process";
import { type LiveKitServer, startLiveKitServer } from "../scripts/lib/livekit-process";
import { processTree, treeCpuSeconds, treePssMiB, treeRssMiB } from "../scripts/lib/process-stats";
import { Person } from "../scripts/lib/room-person";
import { generateRepository } from "./guide-eval/generate-repository";
import { EvalRooms } from "./guide-eval/live";
import { percentile } from "./guide-eval/report";

const RESULTS = path.resolve("bench/results");
const GUIDE = "rooms-bench-guide";
const SIZES = (process.env.ROOMS_BENCH_SIZES ?? "1000,10000").split(",").map(Number);
const LIVE_ROOMS = Number(process.env.ROOMS_BENCH_ROOMS ?? 50);
const ARRIVAL_MS = 2_000;
const CHECKPOINT = 10;
const BURST = Number(process.env.ROOMS_BENCH_BURST ?? 20);
const IDLE_MS = 20_000;
const GREETING_TIMEOUT_MS = 180_000;
const ANSWER_TIMEOUT_MS = 60_000;
const CORES = os.availableParallelism();

export const TARGETS = {
  steadyGreetingP95Ms: 3_000,
  answerP95Ms: 500,
  idleWorkerCpuOfMachine: 0.5,
  idleCpuPerRoomOfCore: 0.01,
  burstGreetingP95Ms: 15_000,
  marginalMemorySpread: 0.1,
};

type Checkpoint = {
  rooms: number;
  greetingP50Ms: number;
  greetingP95Ms: number;
  answerP95Ms: number;
  rssMiB: number;
  pssMiB: number;
  marginalPssMiBPerRoom: number;
  /** The worker tree's CPU over the last 10 arrivals, as a share of the whole machine. */
  cpuOfMachine: number;
};

type SizeResult = {
  files: number;
  indexBuildMs: number;
  baseline: { rssMiB: number; pssMiB: number };
  steady: Checkpoint[];
  idle: { rooms: number; cpuOfMachine: number; cpuPerRoomOfCore: number };
  burst: Burst;
};

const log = (line: string) => console.log(`[rooms-bench] ${line}`);
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/**
 * A room made, a person in it, greeted: milliseconds from the room's creation
 * to the full greeting, or Infinity when it did not come within
 * GREETING_TIMEOUT_MS (counted, and shown as such, never dropped).
 */
async function arrive(rooms: EvalRooms, root: string, name: string): Promise<{ person: Person; greetingMs: number }> {
  const started = performance.now();
  const room = await rooms.open(root, name);
  const person = await Person.join(rooms.livekit.url, room.token, name);
  const greeted = await person.nextFromGuide(new RegExp(`^Hi ${name}! I'm your guide`), "the greeting", 0, GREETING_TIMEOUT_MS).then(
    () => true,
    () => false,
  );
  return { person, greetingMs: greeted ? performance.now() - started : Number.POSITIVE_INFINITY };
}

/** Milliseconds from a question sent to its answer received, or Infinity past ANSWER_TIMEOUT_MS. */
async function timeAnswer(person: Person): Promise<number> {
  const before = person.fromGuides().length;
  const started = performance.now();
  await person.say("how do I run the tests?");
  return person
    .until(() => person.fromGuides()[before], "an answer", ANSWER_TIMEOUT_MS)
    .then(
      () => performance.now() - started,
      () => Number.POSITIVE_INFINITY,
    );
}

/** A time for the report: "n ms", or how long it was waited for in vain. */
const shown = (ms: number, limitMs: number) => (Number.isFinite(ms) ? `${ms} ms` : `none within ${limitMs / 1000} s`);

/** CPU of the worker tree over `ms`, as a share of the machine. */
async function cpuOver(worker: GuideWorker, ms: number): Promise<number> {
  const before = treeCpuSeconds(worker.pid);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (treeCpuSeconds(worker.pid) - before) / (ms / 1000) / CORES;
}

async function leaveAll(people: Array<{ person: Person }>) {
  await Promise.all(people.map(({ person }) => person.leave()));
}

/** A worker that may read only the generated repository of `files` files, with the cache every run of that size shares. */
function startBenchWorker(livekit: LiveKitServer, scratch: string, files: number, env: Record<string, string>, logName: string) {
  const root = path.join(scratch, `generated-${files}`);
  const contexts = { default: "generated", contexts: { generated: { title: `Generated ${files}`, repoRoot: root, agentName: GUIDE } } };
  return startGuideWorker(
    { ...guideWorkerEnv(livekit, GUIDE, path.join(scratch, `cache-${files}`), { ONBOARDING_CONTEXTS: JSON.stringify(contexts) }), ...env },
    { output: { file: path.join(scratch, logName) } },
  );
}

async function measureSize(scratch: string, files: number): Promise<SizeResult> {
  const root = path.join(scratch, `generated-${files}`);
  const livekit = await startLiveKitServer();
  let worker: GuideWorker | undefined;
  try {
    worker = await startBenchWorker(livekit, scratch, files, {}, `worker-${files}.log`);
    const rooms = new EvalRooms(livekit, GUIDE);

    // The index built once (and cached), then the worker left with no room and no index in memory but the one held.
    const build = await arrive(rooms, root, "Warm");
    await build.person.leave();
    const indexBuildMs = build.greetingMs;
    log(`${files} files: first room greeted after ${Math.round(indexBuildMs)} ms (index built)`);
    await settled(worker);
    const baseline = { rssMiB: treeRssMiB(worker.pid), pssMiB: treePssMiB(worker.pid) };

    // Steady arrivals.
    const steady: Checkpoint[] = [];
    const live: Array<{ person: Person; greetingMs: number; answerMs: number }> = [];
    let cpuMark = treeCpuSeconds(worker.pid);
    let timeMark = performance.now();
    const arrivals: Promise<void>[] = [];
    for (let index = 1; index <= LIVE_ROOMS; index += 1) {
      const arrived = performance.now();
      arrivals.push(
        arrive(rooms, root, `Steady${index}`).then(async ({ person, greetingMs }) => {
          const answerMs = Number.isFinite(greetingMs) ? await timeAnswer(person) : Number.POSITIVE_INFINITY;
          live[index - 1] = { person, greetingMs, answerMs };
        }),
      );
      if (index % CHECKPOINT === 0) {
        await Promise.all(arrivals.slice(index - CHECKPOINT, index));
        const batch = live.slice(index - CHECKPOINT, index);
        const greetings = batch.map((each) => each.greetingMs);
        const pssMiB = treePssMiB(worker.pid);
        const now = performance.now();
        const cpu = treeCpuSeconds(worker.pid);
        steady.push({
          rooms: index,
          greetingP50Ms: round(percentile(greetings, 50)),
          greetingP95Ms: round(percentile(greetings, 95)),
          answerP95Ms: round(
            percentile(
              batch.map((each) => each.answerMs),
              95,
            ),
          ),
          rssMiB: round(treeRssMiB(worker.pid)),
          pssMiB: round(pssMiB),
          marginalPssMiBPerRoom: round((pssMiB - baseline.pssMiB) / index, 1),
          cpuOfMachine: round((cpu - cpuMark) / ((now - timeMark) / 1000) / CORES, 3),
        });
        cpuMark = cpu;
        timeMark = now;
        log(`${files} files, ${index} rooms: ${JSON.stringify(steady.at(-1))}`);
      }
      const wait = ARRIVAL_MS - (performance.now() - arrived);
      if (wait > 0 && index < LIVE_ROOMS) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await Promise.all(arrivals);

    // Idle: everyone greeted and answered, nobody speaking.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idleCpu = await cpuOver(worker, IDLE_MS);
    const idle = {
      rooms: live.length,
      cpuOfMachine: round(idleCpu, 3),
      cpuPerRoomOfCore: round((idleCpu * CORES) / live.length, 4),
    };
    log(`${files} files, idle: ${JSON.stringify(idle)}`);
    await leaveAll(live);
    await settled(worker);

    // A burst, on the same worker once its rooms have ended.
    const burst = await measureBurst(rooms, root);
    log(`${files} files, burst: ${JSON.stringify(burst)}`);
    return {
      files,
      indexBuildMs: round(indexBuildMs),
      baseline: { rssMiB: round(baseline.rssMiB), pssMiB: round(baseline.pssMiB) },
      steady,
      idle,
      burst,
    };
  } finally {
    await worker?.stop();
    await livekit.stop();
  }
}

type Burst = { rooms: number; greetingP50Ms: number; greetingP95Ms: number; greetingMaxMs: number };

/** BURST rooms at once, each with its person; everyone leaves once all were greeted. */
async function measureBurst(rooms: EvalRooms, root: string): Promise<Burst> {
  const arrived = await Promise.all(Array.from({ length: BURST }, (_, index) => arrive(rooms, root, `Burst${index + 1}`)));
  const greetings = arrived.map((each) => each.greetingMs);
  await leaveAll(arrived);
  return {
    rooms: BURST,
    greetingP50Ms: round(percentile(greetings, 50)),
    greetingP95Ms: round(percentile(greetings, 95)),
    greetingMaxMs: round(Math.max(...greetings)),
  };
}

type Lever = { lever: string; idleProcesses: number; workers: number; burst: Burst };

/**
 * The framework's public levers on start-up, measured with a burst on the
 * 1k repository (its index cached): how many job processes stay warm
 * (GUIDE_IDLE_PROCESSES: warm ones start one at a time, under one lock; with
 * none, each job starts its own process at once), and several workers on the
 * machine (LiveKit spreads the jobs; each worker has its own pool and its own
 * knowledge service).
 */
async function measureLevers(scratch: string, files: number): Promise<Lever[]> {
  const root = path.join(scratch, `generated-${files}`);
  const levers = [
    { lever: "no warm process: every job starts its own, at once", idleProcesses: 0, workers: 1 },
    { lever: "two workers, one warm process each", idleProcesses: 1, workers: 2 },
  ];
  const results: Lever[] = [];
  for (const lever of levers) {
    const livekit = await startLiveKitServer();
    const workers: GuideWorker[] = [];
    try {
      for (let index = 0; index < lever.workers; index += 1) {
        const env = { GUIDE_IDLE_PROCESSES: String(lever.idleProcesses) };
        workers.push(await startBenchWorker(livekit, scratch, files, env, `lever-${results.length}-${index}.log`));
      }
      const rooms = new EvalRooms(livekit, GUIDE);
      // Each worker's knowledge service loads the cached index, and its pool fills, before the burst.
      for (let index = 0; index < lever.workers * 2; index += 1) {
        const warm = await arrive(rooms, root, `Warm${index}`);
        await warm.person.leave();
      }
      for (const worker of workers) await settled(worker);
      const burst = await measureBurst(rooms, root);
      results.push({ ...lever, burst });
      log(`lever "${lever.lever}": ${JSON.stringify(burst)}`);
    } finally {
      for (const worker of workers) await worker.stop();
      await livekit.stop();
    }
  }
  return results;
}

/** Job processes end when their rooms do: waits until the worker's process tree has kept one size for 3 s. */
async function settled(worker: GuideWorker) {
  const deadline = Date.now() + 90_000;
  let size = processTree(worker.pid).length;
  let since = Date.now();
  while (Date.now() < deadline && Date.now() - since < 3_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = processTree(worker.pid).length;
    if (now !== size) {
      size = now;
      since = Date.now();
    }
  }
}

function renderReport(results: SizeResult[], levers: Lever[], machine: string): string {
  const lines = [
    "# Rooms per guide worker",
    "",
    `${machine}. One worker and its knowledge service; one person per room (rtc-node); the index cached beforehand. Only the worker's process tree is measured.`,
    "",
  ];
  for (const result of results) {
    lines.push(`## ${result.files.toLocaleString("en")} files`, "");
    lines.push(
      `First room, index built: greeting after ${result.indexBuildMs} ms. Worker with no room: RSS ${result.baseline.rssMiB} MiB, PSS ${result.baseline.pssMiB} MiB.`,
      "",
    );
    lines.push("### Steady arrivals (a new room every 2 s)", "");
    lines.push(
      "| Live rooms | Greeting p50 | Greeting p95 | Answer p95 | Tree RSS | Tree PSS | Marginal PSS per room | Tree CPU (of the machine) |",
    );
    lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const each of result.steady) {
      lines.push(
        `| ${each.rooms} | ${shown(each.greetingP50Ms, GREETING_TIMEOUT_MS)} | ${shown(each.greetingP95Ms, GREETING_TIMEOUT_MS)} | ${shown(each.answerP95Ms, ANSWER_TIMEOUT_MS)} | ${each.rssMiB} MiB | ${each.pssMiB} MiB | ${each.marginalPssMiBPerRoom} MiB | ${Math.round(each.cpuOfMachine * 100)}% |`,
      );
    }
    lines.push("", "### Idle", "");
    lines.push(
      `${result.idle.rooms} rooms, all greeted: the worker tree uses ${round(result.idle.cpuOfMachine * 100, 1)}% of the machine, ${round(result.idle.cpuPerRoomOfCore * 100, 2)}% of a core per room.`,
      "",
    );
    lines.push("### A burst", "");
    lines.push(
      `${result.burst.rooms} rooms at once: greeting p50 ${shown(result.burst.greetingP50Ms, GREETING_TIMEOUT_MS)}, p95 ${shown(result.burst.greetingP95Ms, GREETING_TIMEOUT_MS)}, max ${shown(result.burst.greetingMaxMs, GREETING_TIMEOUT_MS)}.`,
      "",
    );
  }
  if (levers.length > 0) {
    lines.push(`## Start-up levers: a burst of ${BURST} on ${SIZES[0]!.toLocaleString("en")} files`, "");
    lines.push("| Lever | Greeting p50 | Greeting p95 | Greeting max |", "| --- | --- | --- | --- |");
    const burst = results.find((each) => each.files === SIZES[0])?.burst;
    if (burst)
      lines.push(
        `| one warm process (the default; the burst above) | ${shown(burst.greetingP50Ms, GREETING_TIMEOUT_MS)} | ${shown(burst.greetingP95Ms, GREETING_TIMEOUT_MS)} | ${shown(burst.greetingMaxMs, GREETING_TIMEOUT_MS)} |`,
      );
    for (const each of levers)
      lines.push(
        `| ${each.lever} | ${shown(each.burst.greetingP50Ms, GREETING_TIMEOUT_MS)} | ${shown(each.burst.greetingP95Ms, GREETING_TIMEOUT_MS)} | ${shown(each.burst.greetingMaxMs, GREETING_TIMEOUT_MS)} |`,
      );
    lines.push("");
  }
  lines.push("## Targets", "");
  lines.push(`- Steady greeting p95 ≤ ${TARGETS.steadyGreetingP95Ms} ms, answer p95 ≤ ${TARGETS.answerP95Ms} ms at 50 rooms.`);
  lines.push(`- Idle worker tree ≤ ${TARGETS.idleWorkerCpuOfMachine * 100}% of the machine with 50 rooms; ≤ 1% of a core per idle room.`);
  lines.push(`- Burst of 20: greeting p95 ≤ ${TARGETS.burstGreetingP95Ms} ms.`);
  lines.push("- Marginal memory per room within 10% between 1k and 10k files.");
  lines.push("");
  return lines.join("\n");
}

async function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "rooms-bench-"));
  try {
    for (const files of SIZES) generateRepository(path.join(scratch, `generated-${files}`), files);
    const results: SizeResult[] = [];
    if (process.env.ROOMS_BENCH_ONLY_LEVERS !== "1") for (const files of SIZES) results.push(await measureSize(scratch, files));
    const levers = process.env.ROOMS_BENCH_LEVERS === "0" ? [] : await measureLevers(scratch, SIZES[0]!);
    const machine = `${CORES} cores, ${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, "rooms-per-worker.md"), renderReport(results, levers, machine));
    writeFileSync(
      path.join(RESULTS, "rooms-per-worker.json"),
      `${JSON.stringify({ machine, targets: TARGETS, results, levers }, null, 2)}\n`,
    );
    log("wrote bench/results/rooms-per-worker.{md,json}");
  } finally {
    await dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
