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
 * Environment: BENCH_SECONDS (per load cell, default 5), BENCH_CONNECT_RUNS
 * (default 20), BENCH_MEMORY_JOINS (default 10000).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import getPort from "get-port";
import { RoomServiceClient } from "livekit-server-sdk";
import { liveKitEnv, startApp } from "../scripts/lib/app-process";
import { startLiveKitServer } from "../scripts/lib/livekit-process";
import { measurePageWeights } from "../scripts/lib/page-weight";
import { startBaselineServer } from "./baseline-server";
import { lineChart } from "./chart";
import { runFloor } from "./floor";
import { runAutocannon, runHttpLoad, type LoadResult, type Target, type Temperature } from "./http-load";
import { canReadMemory, treeRssMiB } from "../scripts/lib/process-memory";
import { launchChromium, timeBareConnect, timeOurPage, type ConnectTimes } from "./time-to-connected";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECT_RUNS = Number(process.env.BENCH_CONNECT_RUNS ?? 20);
const MEMORY_JOINS = Number(process.env.BENCH_MEMORY_JOINS ?? 10_000);
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
const baselinePort = await getPort({ host: "127.0.0.1" });
const baseline = await startBaselineServer({ livekitUrl: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret, port: baselinePort });

const ours: Target = {
  url: `${app.url}/api/trpc/livekit.join`,
  body: (roomName) => JSON.stringify({ participantName: "Bench", roomName }),
};
const baselineTarget: Target = {
  url: `http://127.0.0.1:${baselinePort}/join`,
  body: (roomName) => JSON.stringify({ participantName: "Bench", roomName }),
};

type Cell = { temperature: Temperature; concurrency: number; ours: LoadResult; baseline: LoadResult; floor: LoadResult };
const cells: Cell[] = [];

type Results = {
  when: string;
  machine: { cpus: number; model: string; node: string };
  secondsPerCell: number;
  joinLoad: Cell[];
  timeToConnected?: { page: ConnectTimes; bare: ConnectTimes };
  pageWeight?: Awaited<ReturnType<typeof measurePageWeights>>;
  scale: Array<{ liveRooms: number; warm: LoadResult; cold: LoadResult }>;
  memory: Array<{ joins: number; rssMiB: number }>;
};
const results: Results = {
  when: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "unknown", node: process.version },
  secondsPerCell: SECONDS,
  joinLoad: cells,
  scale: [],
  memory: [],
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
  // Warm-up: JIT, connection pools and the first build of each route.
  await runHttpLoad(ours, 8, "cold", 2);
  await runHttpLoad(baselineTarget, 8, "cold", 2);

  for (const temperature of TEMPERATURES) {
    for (const concurrency of CONCURRENCY) {
      log(`join load: ${temperature} rooms, concurrency ${concurrency}`);
      const oursResult = await runHttpLoad(ours, concurrency, temperature, SECONDS);
      const baselineResult = await runHttpLoad(baselineTarget, concurrency, temperature, SECONDS);
      const floorResult = await runFloor(livekit, concurrency, temperature, SECONDS);
      cells.push({ temperature, concurrency, ours: oursResult, baseline: baselineResult, floor: floorResult });
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
    for (; made < target; made += 20) {
      await Promise.all(Array.from({ length: Math.min(20, target - made) }, (_, i) => rooms.createRoom({ name: `scale-${made + i}`, emptyTimeout: 600 })));
    }
    await clearOtherRooms();
    const live = (await rooms.listRooms()).length;
    log(`  ${live} live rooms`);
    results.scale.push({ liveRooms: live, warm: await runHttpLoad(ours, 8, "warm", SECONDS), cold: await runHttpLoad(ours, 8, "cold", SECONDS) });
    save();
  }

  log(`memory across ${MEMORY_JOINS} joins (cold rooms, concurrency 64)`);
  const memory = results.memory;
  if (canReadMemory) {
    memory.push({ joins: 0, rssMiB: treeRssMiB(app.pid) });
    let completed = 0;
    let errors = 0;
    const sampler = setInterval(() => memory.push({ joins: completed, rssMiB: Math.round(treeRssMiB(app.pid) * 10) / 10 }), 500);
    await runAutocannon({
      url: ours.url,
      method: "POST",
      connections: 64,
      amount: MEMORY_JOINS,
      headers: { "content-type": "application/json" },
      requests: [{ setupRequest: (request) => ({ ...request, body: ours.body(`mem-${completed}-${Math.random().toString(36).slice(2)}`) }) }],
    }, (status) => {
      completed += 1;
      if (status !== 200) errors += 1;
    });
    clearInterval(sampler);
    memory.push({ joins: completed, rssMiB: Math.round(treeRssMiB(app.pid) * 10) / 10 });
    if (errors > 0) log(`  ${errors} joins failed during the memory run`);
  }

  save();
  console.log(renderMarkdown(results));
} finally {
  await app.stop();
  await new Promise((resolve) => baseline.close(resolve));
  await livekit.stop();
}

function renderMarkdown(results: Results): string {
  const ms = (value: number) => value.toFixed(1);
  const ratio = (a: number, b: number) => (b === 0 ? "–" : `${(a / b).toFixed(2)}×`);
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
    `## Time to connected (Chromium, fake devices)`,
    ``,
  ];
  if (results.timeToConnected) {
    const { page, bare } = results.timeToConnected;
    lines.push(
      `| Path | Runs | p50 | p95 |`,
      `| --- | --- | --- | --- |`,
      `| Our page: navigate, name, Start, connected | ${page.runs} | ${page.p50.toFixed(0)} | ${page.p95.toFixed(0)} |`,
      `| Bare page: navigate, room.connect(url, pre-minted token) | ${bare.runs} | ${bare.p50.toFixed(0)} | ${bare.p95.toFixed(0)} |`,
      `| Ratio (ours / bare) | | ${ratio(page.p50, bare.p50)} | ${ratio(page.p95, bare.p95)} |`,
      ``,
      ...(page.failures.length + bare.failures.length > 0
        ? [`Runs that never connected: ours ${page.failures.length}, bare ${bare.failures.length} (${[...page.failures, ...bare.failures].join("; ")}).`, ``]
        : []),
    );
  }
  lines.push(
    `## Page weight (first-load JS from the production build)`,
    ``,
    `| Route | Scripts | Raw | Gzip | Includes livekit-client |`,
    `| --- | --- | --- | --- | --- |`,
    ...(results.pageWeight?.routes ?? []).map(
      (route) => `| \`${route.route}\` | ${route.scripts} | ${(route.rawBytes / 1024).toFixed(1)} KB | ${(route.gzipBytes / 1024).toFixed(1)} KB | ${route.includesLivekitClient ? "yes" : "no"} |`,
    ),
  );
  if (results.pageWeight?.livekitClientChunk) {
    const chunk = results.pageWeight.livekitClientChunk;
    lines.push(`| on demand: livekit-client | 1 | ${(chunk.rawBytes / 1024).toFixed(1)} KB | ${(chunk.gzipBytes / 1024).toFixed(1)} KB | yes |`);
  }
  lines.push(
    ``,
    `## Scale: join latency with many live rooms (ours, concurrency 8)`,
    ``,
    `| Live rooms | Warm req/s | Warm p50 / p99 | Cold req/s | Cold p50 / p99 |`,
    `| --- | --- | --- | --- | --- |`,
    ...results.scale.map(
      (row) => `| ${row.liveRooms} | ${row.warm.rps.toFixed(0)} | ${ms(row.warm.p50)} / ${ms(row.warm.p99)} | ${row.cold.rps.toFixed(0)} | ${ms(row.cold.p50)} / ${ms(row.cold.p99)} |`,
    ),
    ``,
    `## Memory across ${results.memory.at(-1)?.joins ?? 0} joins (app process tree RSS, MiB)`,
    ``,
    memoryLine(results.memory),
    ``,
  );
  return lines.join("\n");
}

function memoryLine(samples: Array<{ joins: number; rssMiB: number }>): string {
  if (samples.length < 2) return "Not measured (no /proc).";
  const last = samples.at(-1)!;
  const picks = [0, 0.1, 0.25, 0.5, 0.75, 1].map((fraction) => samples.find((s) => s.joins >= fraction * last.joins) ?? last);
  const rows = picks.map((s) => `| ${s.joins} | ${s.rssMiB.toFixed(1)} |`);
  const afterWarmup = samples.filter((s) => s.joins >= 0.1 * last.joins);
  const min = Math.min(...afterWarmup.map((s) => s.rssMiB));
  const max = Math.max(...afterWarmup.map((s) => s.rssMiB));
  return [`| Joins | RSS |`, `| --- | --- |`, ...rows, ``, `After warm-up (the first 10%): min ${min.toFixed(1)} MiB, max ${max.toFixed(1)} MiB, end ${last.rssMiB.toFixed(1)} MiB.`].join("\n");
}
