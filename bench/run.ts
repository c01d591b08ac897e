/**
 * `npm run bench`: one run that measures, side by side with honest references,
 *  1. the cost of a join over HTTP through the production server (ours),
 *     against the peer (a meet-style token route in a minimal Next app, mint
 *     only), the seed-shaped node:http baseline (createRoom + token) and the
 *     in-process floor, warm and cold rooms, at concurrency 1, 8, 32 and 64;
 *  2. time to connected in Chromium, counted from pressing Start on our page
 *     and from calling room.connect() on a bare page;
 *  3. the landing page's JavaScript, before any interaction and until the
 *     network is idle;
 *  4. scale (join latency with 1, 100 and 1000 live rooms) and the app's
 *     resident memory across 10,000 joins after a warm-up.
 * It writes bench/results/latest.{md,json} and latency.svg, with each target
 * met or missed (bench/report.ts). bench/README.md explains it.
 *
 * Environment: BENCH_SECONDS (per target and load cell, default 6),
 * BENCH_ROUNDS (default 3), BENCH_WARMUP_SECONDS (per target and cell,
 * unmeasured, default 1), BENCH_CONNECT_RUNS (default 20),
 * BENCH_MEMORY_JOINS (default 10000) after BENCH_MEMORY_WARMUP_JOINS (default 10000).
 *
 * Fairness on a small machine: each server runs in its own process, and each
 * load cell is measured in rounds that take turns, so that drift over the run
 * (LiveKit holding more rooms, a noisy neighbour) falls on every target alike.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { RoomServiceClient } from "livekit-server-sdk";
import { liveKitEnv, startApp } from "../scripts/lib/app-process";
import { startLiveKitServer } from "../scripts/lib/livekit-process";
import { canReadMemory, cpuSeconds, treeRssMiB } from "../scripts/lib/process-stats";
import { startBaselineProcess } from "./baseline-process";
import { lineChart } from "./chart";
import { runFloor } from "./floor";
import {
  jsonTarget,
  percentiles,
  runAutocannon,
  runHttpLoad,
  sampleHttpLoad,
  summarize,
  type LoadSamples,
  type Temperature,
} from "./http-load";
import { measureLandingJs } from "./js-weight";
import { startPeerProcess } from "./peer-process";
import { type Cell, renderMarkdown, type Results, TARGETS, type Who } from "./report";
import { launchChromium, timeBareConnect, timeOurPage } from "./time-to-connected";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const GLOBAL_WARMUP_SECONDS = Number(process.env.BENCH_GLOBAL_WARMUP_SECONDS ?? 10);
const CONNECT_RUNS = Number(process.env.BENCH_CONNECT_RUNS ?? 20);
const MEMORY_JOINS = Number(process.env.BENCH_MEMORY_JOINS ?? 10_000);
// V8 sizes its heap for the load over the first several thousand joins, so that is not "growth".
const MEMORY_WARMUP_JOINS = Number(process.env.BENCH_MEMORY_WARMUP_JOINS ?? 10_000);
const CONCURRENCY = [1, 8, 32, 64];
const TEMPERATURES: Temperature[] = ["warm", "cold"];

const log = (message: string) => console.error(`[bench] ${message}`);

const livekit = await startLiveKitServer({ logLevel: "warn" });
// Limits on, but high enough never to trip: the limiter's cost is part of what is measured.
// Its log goes to a file, as to a log collector: read through a pipe by this busy harness, it would throttle the app.
const appLog = path.join(os.tmpdir(), `onboarding-rooms-bench-${process.pid}.log`);
// --trace-gc: the heap that survives each full collection (what the app really holds) goes to the log, beside RSS.
const app = await startApp(
  { ...liveKitEnv(livekit), LOG_LEVEL: "info", RATE_LIMIT_JOINS: "1000000" },
  { logFile: appLog, nodeArgs: ["--trace-gc"] },
);
const baseline = await startBaselineProcess(livekit);
log("building the peer (bench/peer)…");
const peer = await startPeerProcess(livekit);

const http = { ours: jsonTarget(`${app.url}/api/trpc/livekit.join`), baseline: jsonTarget(baseline.url), peer: peer.target };
const pids: Record<Who, number> = { ours: app.pid, baseline: baseline.pid, peer: peer.pid, floor: process.pid };

const results: Results = {
  when: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "unknown", node: process.version },
  secondsPerCell: SECONDS,
  roundsPerCell: ROUNDS,
  warmupSecondsPerCell: WARMUP_SECONDS,
  joinLoad: [],
  scale: [],
  memory: [],
  memoryWarmupJoins: MEMORY_WARMUP_JOINS,
  targets: TARGETS,
};

/** Written after every phase, so a failure late in the run keeps what was measured. */
function save() {
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync("bench/results/latest.md", renderMarkdown(results));
  const warm = results.joinLoad.filter((cell) => cell.temperature === "warm");
  const series = (who: Who, color: string) => [
    { label: `${who} p50`, color, points: warm.map((c) => ({ x: c.concurrency, y: c.results[who].p50 })) },
    { label: `${who} p99`, color, dashed: true, points: warm.map((c) => ({ x: c.concurrency, y: c.results[who].p99 })) },
  ];
  writeFileSync(
    "bench/results/latency.svg",
    lineChart("Join latency, warm room (ms, lower is better)", "milliseconds", [
      ...series("ours", "#2563eb"),
      ...series("peer", "#16a34a"),
      ...series("baseline", "#dc2626"),
    ]),
  );
}

try {
  // Every server's code paths are compiled by the JIT before anything is measured: a cell's own
  // one-second warm-up is enough to settle a path, not to optimize a freshly started server.
  log(`warming every server up (${GLOBAL_WARMUP_SECONDS} s each)`);
  for (const who of ["ours", "peer", "baseline"] as const) {
    await sampleHttpLoad(http[who], 8, "warm", GLOBAL_WARMUP_SECONDS);
    await sampleHttpLoad(http[who], 8, "cold", GLOBAL_WARMUP_SECONDS / 2);
  }
  for (const temperature of TEMPERATURES) {
    for (const concurrency of CONCURRENCY) {
      log(`join load: ${temperature} rooms, concurrency ${concurrency}`);
      results.joinLoad.push(await measureCell(temperature, concurrency));
      save();
    }
  }

  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  // Clears every room but the scale rooms (the load cells and each cold step leave thousands),
  // twenty at a time, so "100 live rooms" means a hundred.
  async function clearOtherRooms() {
    const others = (await rooms.listRooms()).map((room) => room.name).filter((name) => !name.startsWith("scale-"));
    for (let index = 0; index < others.length; index += 20) {
      // Some close by themselves meanwhile (empty timeout): "not found" is fine.
      await Promise.all(others.slice(index, index + 20).map((name) => rooms.deleteRoom(name).catch(() => undefined)));
    }
  }
  // The load cells leave thousands of rooms closing down; a browser should not queue behind them.
  await clearOtherRooms();

  const browser = await launchChromium();
  try {
    log("landing page JavaScript");
    results.landingJs = await measureLandingJs(browser, app.url);
    save();
    log(`time to connected: ${CONNECT_RUNS} runs each`);
    await timeOurPage(browser, app.url, 2, { typed: true }); // warm the route and the chunks once
    results.timeToConnected = {
      typed: await timeOurPage(browser, app.url, CONNECT_RUNS, { typed: true }),
      instant: await timeOurPage(browser, app.url, CONNECT_RUNS, { typed: false }),
      bare: await timeBareConnect(browser, app.url, livekit, CONNECT_RUNS),
    };
  } finally {
    await browser.close();
  }
  save();

  log("scale: live rooms");
  let made = 0;
  for (const target of [1, 100, 1000]) {
    while (made < target) {
      const batch = Math.min(20, target - made);
      await Promise.all(Array.from({ length: batch }, (_, i) => rooms.createRoom({ name: `scale-${made + i}`, emptyTimeout: 600 })));
      made += batch;
    }
    await clearOtherRooms();
    const live = (await rooms.listRooms()).length;
    log(`  ${live} live rooms`);
    results.scale.push({
      liveRooms: live,
      warm: await runHttpLoad(http.ours, 8, "warm", SECONDS),
      cold: await runHttpLoad(http.ours, 8, "cold", SECONDS),
    });
    save();
  }

  log(`memory across ${MEMORY_JOINS} joins after ${MEMORY_WARMUP_JOINS} to warm up (cold rooms, concurrency 64)`);
  if (canReadMemory) await measureMemory();
  save();
  console.log(renderMarkdown(results));
} finally {
  await app.stop();
  await peer.stop();
  await baseline.stop();
  await livekit.stop();
}

/** One load cell: the four targets in turns, ROUNDS times, each round's share of SECONDS apiece. */
async function measureCell(temperature: Temperature, concurrency: number): Promise<Cell> {
  const order: Who[] = ["ours", "peer", "baseline", "floor"];
  const runs: Record<Who, Array<LoadSamples & { cpu: number; livekitCpu: number }>> = { ours: [], peer: [], baseline: [], floor: [] };
  const createRoomLatencies: number[] = [];
  const slice = SECONDS / ROUNDS;
  const sample = async (who: Who, seconds: number) => {
    if (who !== "floor") return sampleHttpLoad(http[who], concurrency, temperature, seconds);
    const floor = await runFloor(livekit, concurrency, temperature, seconds);
    createRoomLatencies.push(...floor.createRoomLatencies);
    return floor;
  };
  // Unmeasured first: each cell's workload (a new room per call, or one room) warms its own code path.
  for (const who of order) await sample(who, WARMUP_SECONDS);
  createRoomLatencies.length = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let turn = 0; turn < order.length; turn += 1) {
      const who = order[(round + turn) % order.length]!;
      const [cpuBefore, livekitBefore] = [cpuSeconds(pids[who]), cpuSeconds(livekit.pid())];
      const samples = await sample(who, slice);
      runs[who].push({ ...samples, cpu: cpuSeconds(pids[who]) - cpuBefore, livekitCpu: cpuSeconds(livekit.pid()) - livekitBefore });
    }
  }
  const result = (who: Who) => {
    const summary = summarize(runs[who]);
    const perJoin = (seconds: number) => (summary.requests === 0 ? NaN : Math.round((seconds * 1e6) / summary.requests) / 1e3);
    return {
      ...summary,
      cpuMsPerJoin: perJoin(runs[who].reduce((sum, run) => sum + run.cpu, 0)),
      livekitCpuMsPerJoin: perJoin(runs[who].reduce((sum, run) => sum + run.livekitCpu, 0)),
    };
  };
  return {
    temperature,
    concurrency,
    results: { ours: result("ours"), peer: result("peer"), baseline: result("baseline"), floor: result("floor") },
    floorCreateRoom: percentiles(createRoomLatencies),
  };
}

async function measureMemory() {
  const logStart = statSync(appLog).size;
  const memory = results.memory;
  memory.push({ joins: 0, rssMiB: treeRssMiB(app.pid) });
  let completed = 0;
  let errors = 0;
  const sampler = setInterval(() => memory.push({ joins: completed, rssMiB: Math.round(treeRssMiB(app.pid) * 10) / 10 }), 500);
  await runAutocannon(
    {
      url: http.ours.url,
      method: "POST",
      connections: 64,
      amount: MEMORY_WARMUP_JOINS + MEMORY_JOINS,
      headers: { "content-type": "application/json" },
      requests: [
        { setupRequest: (request) => ({ ...request, ...http.ours.request(`mem-${completed}-${Math.random().toString(36).slice(2)}`) }) },
      ],
    },
    (status) => {
      completed += 1;
      if (status !== 200) errors += 1;
    },
  );
  clearInterval(sampler);
  memory.push({ joins: completed, rssMiB: Math.round(treeRssMiB(app.pid) * 10) / 10 });
  results.memoryErrors = errors;
  results.liveHeapMiB = liveHeapAfterFullGcs(readFileSync(appLog).subarray(logStart).toString("utf8"));
}

/** The heap left after each full (mark-compact) collection, from V8's --trace-gc lines, in MB. */
function liveHeapAfterFullGcs(log: string): number[] {
  return [...log.matchAll(/Mark-Compact[^\n]*?-> ([\d.]+) \(/g)].map((match) => Number(match[1]));
}
