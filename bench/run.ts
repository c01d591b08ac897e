/**
 * `npm run bench`: one run that measures, side by side with honest references,
 *  1. the cost of a join over HTTP (ours vs. the baseline server vs. the
 *     in-process floor), warm and cold rooms, at concurrency 1, 8, 32 and 64;
 *  2. time to connected in Chromium, our page vs. a bare room.connect();
 *  3. the first-load JS of each route;
 *  4. scale: join latency with 1, 100 and 1000 live rooms, and the app's
 *     resident memory across 10,000 joins.
 * It writes bench/results/latest.{md,json} and latency.svg.
 *
 * Environment: BENCH_SECONDS (per target and load cell, default 6),
 * BENCH_ROUNDS (default 3), BENCH_WARMUP_SECONDS (per target and cell,
 * unmeasured, default 1), BENCH_CONNECT_RUNS (default 20),
 * BENCH_MEMORY_JOINS (default 10000) after BENCH_MEMORY_WARMUP_JOINS (default 10000).
 *
 * Fairness on a small machine: the app, the baseline and livekit-server each
 * run in their own process, and each load cell is measured in rounds that
 * take turns (ours, baseline, floor; then baseline, floor, ours; …), so that
 * drift over the run (LiveKit holding more rooms, a noisy neighbour) falls on
 * all three alike. Each target's rounds are pooled.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { RoomServiceClient } from "livekit-server-sdk";
import { liveKitEnv, startApp } from "../scripts/lib/app-process";
import { startLiveKitServer } from "../scripts/lib/livekit-process";
import { measurePageWeights } from "../scripts/lib/page-weight";
import { startBaselineProcess } from "./baseline-process";
import { lineChart } from "./chart";
import { runFloor } from "./floor";
import {
  runAutocannon,
  runHttpLoad,
  sampleHttpLoad,
  summarize,
  type LoadResult,
  type LoadSamples,
  type Target,
  type Temperature,
} from "./http-load";
import { canReadMemory, cpuSeconds, treeRssMiB } from "../scripts/lib/process-stats";
import { launchChromium, timeBareConnect, timeOurPage, type ConnectTimes } from "./time-to-connected";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const CONNECT_RUNS = Number(process.env.BENCH_CONNECT_RUNS ?? 20);
const MEMORY_JOINS = Number(process.env.BENCH_MEMORY_JOINS ?? 10_000);
// V8 sizes its heap for the load over the first several thousand joins (measured: the app's RSS climbs
// for about 8,500 joins at concurrency 64, then holds within ±8 MiB to 40,000), so that is not "growth".
const MEMORY_WARMUP_JOINS = Number(process.env.BENCH_MEMORY_WARMUP_JOINS ?? 10_000);
const CONCURRENCY = [1, 8, 32, 64];
const TEMPERATURES: Temperature[] = ["warm", "cold"];

const log = (message: string) => console.error(`[bench] ${message}`);

const livekit = await startLiveKitServer({ apiKey: "benchkey", logLevel: "warn" });
// Limits on, but high enough never to trip: the limiter's cost is part of what is measured.
// Its log goes to a file, as to a log collector: read through a pipe by this busy harness, it would throttle the app.
const app = await startApp(
  { ...liveKitEnv(livekit), LOG_LEVEL: "info", RATE_LIMIT_JOINS: "1000000" },
  { logFile: path.join(os.tmpdir(), `onboarding-rooms-bench-${process.pid}.log`) },
);
const baseline = await startBaselineProcess(livekit);

const ours: Target = {
  url: `${app.url}/api/trpc/livekit.join`,
  body: (roomName) => JSON.stringify({ participantName: "Bench", roomName }),
};
const baselineTarget: Target = {
  url: baseline.url,
  body: (roomName) => JSON.stringify({ participantName: "Bench", roomName }),
};

type Cell = { temperature: Temperature; concurrency: number; ours: LoadResult; baseline: LoadResult; floor: LoadResult };
const cells: Cell[] = [];

type Results = {
  when: string;
  machine: { cpus: number; model: string; node: string };
  secondsPerCell: number;
  roundsPerCell: number;
  warmupSecondsPerCell: number;
  joinLoad: Cell[];
  timeToConnected?: { page: ConnectTimes; pageSettled: ConnectTimes; bare: ConnectTimes };
  pageWeight?: Awaited<ReturnType<typeof measurePageWeights>>;
  scale: Array<{ liveRooms: number; warm: LoadResult; cold: LoadResult }>;
  memory: Array<{ joins: number; rssMiB: number }>;
  memoryWarmupJoins: number;
};
const results: Results = {
  when: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "unknown", node: process.version },
  secondsPerCell: SECONDS,
  roundsPerCell: ROUNDS,
  warmupSecondsPerCell: WARMUP_SECONDS,
  joinLoad: cells,
  scale: [],
  memory: [],
  memoryWarmupJoins: MEMORY_WARMUP_JOINS,
};

/** Written after every phase, so a failure late in the run keeps what was measured. */
function save() {
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync("bench/results/latest.md", renderMarkdown(results));
  const warm = cells.filter((cell) => cell.temperature === "warm");
  writeFileSync(
    "bench/results/latency.svg",
    lineChart("Join latency, warm room (ms, lower is better)", "milliseconds", [
      { label: "ours p50", color: "#2563eb", points: warm.map((c) => ({ x: c.concurrency, y: c.ours.p50 })) },
      { label: "ours p99", color: "#2563eb", dashed: true, points: warm.map((c) => ({ x: c.concurrency, y: c.ours.p99 })) },
      { label: "baseline p50", color: "#dc2626", points: warm.map((c) => ({ x: c.concurrency, y: c.baseline.p50 })) },
      { label: "baseline p99", color: "#dc2626", dashed: true, points: warm.map((c) => ({ x: c.concurrency, y: c.baseline.p99 })) },
      { label: "floor p50", color: "#6b7280", points: warm.map((c) => ({ x: c.concurrency, y: c.floor.p50 })) },
    ]),
  );
}

try {
  for (const temperature of TEMPERATURES) {
    for (const concurrency of CONCURRENCY) {
      log(`join load: ${temperature} rooms, concurrency ${concurrency}`);
      cells.push({ temperature, concurrency, ...(await measureCell(temperature, concurrency)) });
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

  log(`time to connected: ${CONNECT_RUNS} runs each`);
  const browser = await launchChromium();
  try {
    await timeOurPage(browser, app.url, 2); // warm the route and the chunks once
    results.timeToConnected = {
      page: await timeOurPage(browser, app.url, CONNECT_RUNS),
      pageSettled: await timeOurPage(browser, app.url, CONNECT_RUNS, { settled: true }),
      bare: await timeBareConnect(browser, app.url, livekit, CONNECT_RUNS),
    };
  } finally {
    await browser.close();
  }
  save();

  log("page weight");
  results.pageWeight = await measurePageWeights(["/", "/rooms/onb-example"]);
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
      warm: await runHttpLoad(ours, 8, "warm", SECONDS),
      cold: await runHttpLoad(ours, 8, "cold", SECONDS),
    });
    save();
  }

  log(`memory across ${MEMORY_JOINS} joins after ${MEMORY_WARMUP_JOINS} to warm up (cold rooms, concurrency 64)`);
  const memory = results.memory;
  if (canReadMemory) {
    memory.push({ joins: 0, rssMiB: treeRssMiB(app.pid) });
    let completed = 0;
    let errors = 0;
    const sampler = setInterval(() => memory.push({ joins: completed, rssMiB: Math.round(treeRssMiB(app.pid) * 10) / 10 }), 500);
    await runAutocannon(
      {
        url: ours.url,
        method: "POST",
        connections: 64,
        amount: MEMORY_WARMUP_JOINS + MEMORY_JOINS,
        headers: { "content-type": "application/json" },
        requests: [
          { setupRequest: (request) => ({ ...request, body: ours.body(`mem-${completed}-${Math.random().toString(36).slice(2)}`) }) },
        ],
      },
      (status) => {
        completed += 1;
        if (status !== 200) errors += 1;
      },
    );
    clearInterval(sampler);
    memory.push({ joins: completed, rssMiB: Math.round(treeRssMiB(app.pid) * 10) / 10 });
    if (errors > 0) log(`  ${errors} joins failed during the memory run`);
  }

  save();
  console.log(renderMarkdown(results));
} finally {
  await app.stop();
  await baseline.stop();
  await livekit.stop();
}

/** One load cell: the three targets in turns, ROUNDS times, each round's share of SECONDS apiece. */
async function measureCell(temperature: Temperature, concurrency: number): Promise<Omit<Cell, "temperature" | "concurrency">> {
  const targets = ["ours", "baseline", "floor"] as const;
  type Who = (typeof targets)[number];
  const runs: Record<Who, Array<LoadSamples & { cpu: number; livekitCpu: number }>> = { ours: [], baseline: [], floor: [] };
  const slice = SECONDS / ROUNDS;
  // Unmeasured first: each cell's workload (a new room per call, or one room) warms its own code path.
  for (const who of targets) {
    if (who === "floor") await runFloor(livekit, concurrency, temperature, WARMUP_SECONDS);
    else await sampleHttpLoad(who === "ours" ? ours : baselineTarget, concurrency, temperature, WARMUP_SECONDS);
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let turn = 0; turn < targets.length; turn += 1) {
      const who = targets[(round + turn) % targets.length]!;
      // The floor runs in this process; its CPU is this process's.
      const pid = who === "ours" ? app.pid : who === "baseline" ? baseline.pid : process.pid;
      const [cpuBefore, livekitBefore] = [cpuSeconds(pid), cpuSeconds(livekit.pid())];
      const samples =
        who === "floor"
          ? await runFloor(livekit, concurrency, temperature, slice)
          : await sampleHttpLoad(who === "ours" ? ours : baselineTarget, concurrency, temperature, slice);
      runs[who].push({ ...samples, cpu: cpuSeconds(pid) - cpuBefore, livekitCpu: cpuSeconds(livekit.pid()) - livekitBefore });
    }
  }
  const result = (who: Who): LoadResult => {
    const summary = summarize(runs[who]);
    const perJoin = (seconds: number) => (summary.requests === 0 ? NaN : Math.round((seconds * 1e6) / summary.requests) / 1e3);
    return {
      ...summary,
      cpuMsPerJoin: perJoin(runs[who].reduce((sum, run) => sum + run.cpu, 0)),
      livekitCpuMsPerJoin: perJoin(runs[who].reduce((sum, run) => sum + run.livekitCpu, 0)),
    };
  };
  return { ours: result("ours"), baseline: result("baseline"), floor: result("floor") };
}

function renderMarkdown(results: Results): string {
  const ms = (value: number) => value.toFixed(1);
  const ratio = (a: number, b: number) => (b === 0 || !Number.isFinite(a / b) ? "–" : `${(a / b).toFixed(2)}×`);
  const cpu = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(3));
  const lines = [
    `# Benchmark results`,
    ``,
    `${results.when}, ${results.machine.cpus} × ${results.machine.model}, Node ${results.machine.node}; ${results.secondsPerCell} s per load cell. Latencies in ms.`,
    ``,
    `## Join cost over HTTP: ours vs. baseline vs. floor`,
    ``,
    `| Rooms | Conc. | Ours req/s | Baseline req/s | Floor req/s | Ours/baseline req/s | Ours p50 / p95 / p99 | Baseline p50 / p95 / p99 | Floor p50 / p99 | Ours/baseline p50 | Ours/baseline p99 | Errors (ours/baseline) |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...results.joinLoad.map(
      (c) =>
        `| ${c.temperature} | ${c.concurrency} | ${c.ours.rps.toFixed(0)} | ${c.baseline.rps.toFixed(0)} | ${c.floor.rps.toFixed(0)} | ${ratio(c.ours.rps, c.baseline.rps)} | ${ms(c.ours.p50)} / ${ms(c.ours.p95)} / ${ms(c.ours.p99)} | ${ms(c.baseline.p50)} / ${ms(c.baseline.p95)} / ${ms(c.baseline.p99)} | ${ms(c.floor.p50)} / ${ms(c.floor.p99)} | ${ratio(c.ours.p50, c.baseline.p50)} | ${ratio(c.ours.p99, c.baseline.p99)} | ${c.ours.errors + c.ours.non2xx}/${c.baseline.errors + c.baseline.non2xx} |`,
    ),
    ``,
    `Each cell: an unmeasured warm-up of ${results.warmupSecondsPerCell} s per target, then ${results.roundsPerCell} rounds taking turns, ${results.secondsPerCell} s per target in all.`,
    ``,
    `### CPU per join (ms; from /proc, so it does not depend on who got the cores)`,
    ``,
    `The server process's CPU per join, and livekit-server's CPU per join meanwhile. The floor's is the benchmark process itself.`,
    ``,
    `| Rooms | Conc. | Ours | Baseline | Floor | Ours/baseline | LiveKit (ours / baseline / floor) |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
    ...results.joinLoad.map(
      (c) =>
        `| ${c.temperature} | ${c.concurrency} | ${cpu(c.ours.cpuMsPerJoin)} | ${cpu(c.baseline.cpuMsPerJoin)} | ${cpu(c.floor.cpuMsPerJoin)} | ${ratio(c.ours.cpuMsPerJoin ?? NaN, c.baseline.cpuMsPerJoin ?? NaN)} | ${cpu(c.ours.livekitCpuMsPerJoin)} / ${cpu(c.baseline.livekitCpuMsPerJoin)} / ${cpu(c.floor.livekitCpuMsPerJoin)} |`,
    ),
    ``,
    `## Time to connected (Chromium, fake devices)`,
    ``,
  ];
  if (results.timeToConnected) {
    const { page, pageSettled, bare } = results.timeToConnected;
    const paths: Array<[string, ConnectTimes]> = [
      ["Our page", page],
      ["Our page, settled", pageSettled],
      ["Bare page", bare],
    ];
    const step = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(0));
    lines.push(
      `From navigation to connected (ms):`,
      ``,
      `| Path | Runs | p50 | p95 |`,
      `| --- | --- | --- | --- |`,
      `| Our page: navigate, name, Start, connected | ${page.runs} | ${step(page.p50)} | ${step(page.p95)} |`,
      `| Our page, settled: the same, Start pressed once the session's code has loaded | ${pageSettled.runs} | ${step(pageSettled.p50)} | ${step(pageSettled.p95)} |`,
      `| Bare page: navigate, room.connect(url, pre-minted token) | ${bare.runs} | ${step(bare.p50)} | ${step(bare.p95)} |`,
      `| Ratio (our page / bare) | | ${ratio(page.p50, bare.p50)} | ${ratio(page.p95, bare.p95)} |`,
      ``,
      `From asking to connected (ms): Start pressed on the settled page, room.connect() called on the bare one:`,
      ``,
      `| Path | p50 | p95 |`,
      `| --- | --- | --- |`,
      `| Our page, settled: Start → shown connected | ${step(pageSettled.fromRequestP50)} | ${step(pageSettled.fromRequestP95)} |`,
      `| Bare page: room.connect() → connected | ${step(bare.fromRequestP50)} | ${step(bare.fromRequestP95)} |`,
      `| Ratio | ${ratio(pageSettled.fromRequestP50, bare.fromRequestP50)} | ${ratio(pageSettled.fromRequestP95, bare.fromRequestP95)} |`,
      ``,
      `Where the time goes (p50 of each step, ms after navigation started, read from the page's clock and its User Timing marks):`,
      ``,
      `| Path | Page loaded | Session code loaded | Start pressed | Join answered | room.connect() called | Signal connected | Room connected | Shown connected |`,
      `| --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
      ...paths.map(
        ([label, t]) =>
          `| ${label} | ${step(t.steps.loaded)} | ${step(t.steps.codeLoaded)} | ${step(t.steps.submitted)} | ${step(t.steps.joinAnswered)} | ${step(t.steps.connectCalled)} | ${step(t.steps.signalConnected)} | ${step(t.steps.roomConnected)} | ${step(t.steps.connected)} |`,
      ),
      ``,
      ...(paths.some(([, t]) => t.failures.length > 0)
        ? [
            `Runs that never connected: ${paths.map(([label, t]) => `${label.toLowerCase()} ${t.failures.length}`).join(", ")} (${paths.flatMap(([, t]) => t.failures).join("; ")}).`,
            ``,
          ]
        : []),
    );
  }
  lines.push(
    `## Page weight (first-load JS from the production build)`,
    ``,
    `| Route | Scripts | Raw | Gzip | Includes livekit-client |`,
    `| --- | --- | --- | --- | --- |`,
    ...(results.pageWeight?.routes ?? []).map(
      (route) =>
        `| \`${route.route}\` | ${route.scripts} | ${(route.rawBytes / 1024).toFixed(1)} KB | ${(route.gzipBytes / 1024).toFixed(1)} KB | ${route.includesLivekitClient ? "yes" : "no"} |`,
    ),
  );
  if (results.pageWeight?.livekitClientChunk) {
    const chunk = results.pageWeight.livekitClientChunk;
    lines.push(
      `| on demand: livekit-client | 1 | ${(chunk.rawBytes / 1024).toFixed(1)} KB | ${(chunk.gzipBytes / 1024).toFixed(1)} KB | yes |`,
    );
  }
  lines.push(
    ``,
    `## Scale: join latency with many live rooms (ours, concurrency 8)`,
    ``,
    `| Live rooms | Warm req/s | Warm p50 / p99 | Cold req/s | Cold p50 / p99 |`,
    `| --- | --- | --- | --- | --- |`,
    ...results.scale.map(
      (row) =>
        `| ${row.liveRooms} | ${row.warm.rps.toFixed(0)} | ${ms(row.warm.p50)} / ${ms(row.warm.p99)} | ${row.cold.rps.toFixed(0)} | ${ms(row.cold.p50)} / ${ms(row.cold.p99)} |`,
    ),
    ``,
    `## Memory across ${(results.memory.at(-1)?.joins ?? 0) - results.memoryWarmupJoins} joins, after ${results.memoryWarmupJoins} to warm up (app process tree RSS, MiB)`,
    ``,
    memoryLine(results.memory, results.memoryWarmupJoins),
    ``,
  );
  return lines.join("\n");
}

function memoryLine(samples: Array<{ joins: number; rssMiB: number }>, warmupJoins: number): string {
  if (samples.length < 2) return "Not measured (no /proc).";
  const last = samples.at(-1)!;
  const measured = last.joins - warmupJoins;
  const at = (joins: number) => samples.find((s) => s.joins >= joins) ?? last;
  const picks = [at(0), at(warmupJoins / 2), ...[0, 0.25, 0.5, 0.75].map((fraction) => at(warmupJoins + fraction * measured)), last];
  const rows = picks.map((s) => `| ${s.joins} | ${s.joins < warmupJoins ? "warm-up" : "measured"} | ${s.rssMiB.toFixed(1)} |`);
  const after = samples.filter((s) => s.joins >= warmupJoins);
  if (after.length === 0) return [`| Joins | Phase | RSS |`, `| --- | --- | --- |`, ...rows].join("\n");
  const min = Math.min(...after.map((s) => s.rssMiB));
  const max = Math.max(...after.map((s) => s.rssMiB));
  return [
    `| Joins | Phase | RSS |`,
    `| --- | --- | --- |`,
    ...rows,
    ``,
    `Over the measured ${measured} joins: min ${min.toFixed(1)} MiB, max ${max.toFixed(1)} MiB, from ${after[0]!.rssMiB.toFixed(1)} to ${last.rssMiB.toFixed(1)} MiB (${(last.rssMiB - after[0]!.rssMiB >= 0 ? "+" : "") + (last.rssMiB - after[0]!.rssMiB).toFixed(1)} MiB).`,
  ].join("\n");
}
