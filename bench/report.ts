/**
 * The benchmark's results, the targets they are held to, and the Markdown
 * report (bench/results/latest.md) that says, target by target, met or not.
 */
import type { LandingJs } from "./js-weight";
import type { LoadResult, Temperature } from "./http-load";
import type { ConnectTimes } from "./time-to-connected";

export type Who = "ours" | "peer" | "baseline" | "floor";

export type Cell = {
  temperature: Temperature;
  concurrency: number;
  results: Record<Who, LoadResult>;
  /** The floor's createRoom call alone: what a cold join must do beyond a token route. */
  floorCreateRoom: { p50: number; p95: number; p99: number };
};

export type Results = {
  when: string;
  machine: { cpus: number; model: string; node: string };
  secondsPerCell: number;
  roundsPerCell: number;
  warmupSecondsPerCell: number;
  joinLoad: Cell[];
  landingJs?: LandingJs;
  timeToConnected?: { typed: ConnectTimes; instant: ConnectTimes; bare: ConnectTimes };
  scale: Array<{ liveRooms: number; warm: LoadResult; cold: LoadResult }>;
  memory: Array<{ joins: number; rssMiB: number }>;
  memoryWarmupJoins: number;
  memoryErrors?: number;
  /** The heap left after each full collection during the memory run (MB, from --trace-gc). */
  liveHeapMiB?: number[];
  targets: typeof TARGETS;
};

export const TARGETS = {
  /** Warm joins per second, ours over the peer's, at every concurrency. */
  warmThroughputVsPeer: 1.0,
  /** Time to connected from Start, over a bare room.connect(): p50 and p95. */
  connectFromStartP50: 1.1,
  connectFromStartP95: 1.2,
  /** kB (1000 bytes) on the wire, compressed. */
  jsBeforeInteractionKB: 172,
  /** LiveKit meet's pre-join, measured the same way (the figure the issue gives; meet cannot be fetched here). */
  jsUntilIdleKB: 345,
} as const;

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");
const int = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(0));
const ratio = (a: number, b: number) => (b === 0 || !Number.isFinite(a / b) ? "–" : `${(a / b).toFixed(2)}×`);
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const verdict = (met: boolean | undefined) => (met === undefined ? "not measured" : met ? "**met**" : "**missed**");

type TargetRow = { what: string; result: string; met: boolean | undefined };

export function targetRows(results: Results): TargetRow[] {
  const warm = results.joinLoad.filter((cell) => cell.temperature === "warm");
  const cold = results.joinLoad.filter((cell) => cell.temperature === "cold");
  const rows: TargetRow[] = [];
  if (warm.length > 0) {
    const ratios = warm.map((c) => c.results.ours.rps / c.results.peer.rps);
    rows.push({
      what: `Warm-join throughput ≥ ${TARGETS.warmThroughputVsPeer.toFixed(1)}× the peer`,
      result: warm
        .map((c, i) => `c=${c.concurrency}: ${int(c.results.ours.rps)}/${int(c.results.peer.rps)} = ${ratios[i]!.toFixed(2)}×`)
        .join("; "),
      met: ratios.every((value) => value >= TARGETS.warmThroughputVsPeer),
    });
  }
  if (cold.length > 0) {
    rows.push({
      what: "Cold-join p50 ≤ the peer's p50 + the floor's createRoom p50",
      result: cold
        .map(
          (c) =>
            `c=${c.concurrency}: ${ms(c.results.ours.p50)} vs ${ms(c.results.peer.p50)} + ${ms(c.floorCreateRoom.p50)} = ${ms(c.results.peer.p50 + c.floorCreateRoom.p50)} ms`,
        )
        .join("; "),
      met: cold.every((c) => c.results.ours.p50 <= c.results.peer.p50 + c.floorCreateRoom.p50),
    });
  }
  if (results.joinLoad.length > 0) {
    const errors =
      results.joinLoad.reduce((sum, c) => sum + c.results.ours.errors + c.results.ours.non2xx, 0) + (results.memoryErrors ?? 0);
    rows.push({ what: "0 errors (every load cell and the memory run)", result: `${errors}`, met: errors === 0 });
  }
  const ttc = results.timeToConnected;
  if (ttc) {
    const p50 = ttc.typed.fromRequestP50 / ttc.bare.fromRequestP50;
    const p95 = ttc.typed.fromRequestP95 / ttc.bare.fromRequestP95;
    rows.push({
      what: `Time to connected from Start, p50 ≤ ${TARGETS.connectFromStartP50}× a bare room.connect()`,
      result: `${int(ttc.typed.fromRequestP50)} vs ${int(ttc.bare.fromRequestP50)} ms = ${p50.toFixed(2)}×`,
      met: p50 <= TARGETS.connectFromStartP50,
    });
    rows.push({
      what: `Time to connected from Start, p95 ≤ ${TARGETS.connectFromStartP95}×`,
      result: `${int(ttc.typed.fromRequestP95)} vs ${int(ttc.bare.fromRequestP95)} ms = ${p95.toFixed(2)}×`,
      met: p95 <= TARGETS.connectFromStartP95,
    });
  }
  const js = results.landingJs;
  if (js) {
    rows.push({
      what: `JavaScript before any interaction ≤ ${TARGETS.jsBeforeInteractionKB} kB`,
      result: `${kB(js.beforeInteraction.bytes)} (livekit-client ${js.livekitClientBeforeInteraction ? "included" : "not included"})`,
      met: js.beforeInteraction.bytes <= TARGETS.jsBeforeInteractionKB * 1000,
    });
    rows.push({
      what: `All the JavaScript the landing page fetches until the network is idle ≤ ${TARGETS.jsUntilIdleKB} kB (meet's pre-join)`,
      result: kB(js.untilIdle.bytes),
      met: js.untilIdle.bytes <= TARGETS.jsUntilIdleKB * 1000,
    });
  }
  return rows;
}

export function renderMarkdown(results: Results): string {
  const who: Who[] = ["ours", "peer", "baseline", "floor"];
  const lines = [
    "# Benchmark results",
    "",
    `${results.when}, ${results.machine.cpus} × ${results.machine.model}, Node ${results.machine.node}. Latencies in ms. What each figure means: [bench/README.md](../README.md).`,
    "",
    "## Targets",
    "",
    "| Target | Result | |",
    "| --- | --- | --- |",
    ...targetRows(results).map((row) => `| ${row.what} | ${row.result} | ${verdict(row.met)} |`),
    "",
    "## Join cost over HTTP",
    "",
    "Ours: `livekit.join` through the production server. Peer: a meet-style token route (mint only) in a minimal Next app. Baseline: node:http, createRoom + token. Floor: createRoom + token in process, no HTTP.",
    "",
    "| Rooms | Conc. | Ours req/s | Peer req/s | Baseline req/s | Floor req/s | Ours/peer req/s | Ours p50 / p95 / p99 | Peer p50 / p95 / p99 | Baseline p50 / p99 | Floor p50 (createRoom p50) | Errors (ours/peer/baseline) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.joinLoad.map((c) => {
      const r = c.results;
      return `| ${c.temperature} | ${c.concurrency} | ${int(r.ours.rps)} | ${int(r.peer.rps)} | ${int(r.baseline.rps)} | ${int(r.floor.rps)} | ${ratio(r.ours.rps, r.peer.rps)} | ${ms(r.ours.p50)} / ${ms(r.ours.p95)} / ${ms(r.ours.p99)} | ${ms(r.peer.p50)} / ${ms(r.peer.p95)} / ${ms(r.peer.p99)} | ${ms(r.baseline.p50)} / ${ms(r.baseline.p99)} | ${ms(r.floor.p50)} (${ms(c.floorCreateRoom.p50)}) | ${r.ours.errors + r.ours.non2xx}/${r.peer.errors + r.peer.non2xx}/${r.baseline.errors + r.baseline.non2xx} |`;
    }),
    "",
    `Each cell: an unmeasured warm-up of ${results.warmupSecondsPerCell} s per target, then ${results.roundsPerCell} rounds taking turns, ${results.secondsPerCell} s per target in all.`,
    "",
    "### CPU per join (ms, from /proc: independent of who got the cores)",
    "",
    "Each server process's CPU per join; the floor's is the benchmark process itself. LiveKit's is livekit-server's CPU per join meanwhile.",
    "",
    `| Rooms | Conc. | ${who.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" | ")} | LiveKit (${who.join(" / ")}) |`,
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...results.joinLoad.map(
      (c) =>
        `| ${c.temperature} | ${c.concurrency} | ${who.map((w) => cpu(c.results[w].cpuMsPerJoin)).join(" | ")} | ${who.map((w) => cpu(c.results[w].livekitCpuMsPerJoin)).join(" / ")} |`,
    ),
    "",
  ];
  lines.push(...timeToConnectedSection(results), ...javascriptSection(results), ...scaleSection(results), ...memorySection(results));
  return `${lines.join("\n")}\n`;
}

const cpu = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(3));

function timeToConnectedSection(results: Results): string[] {
  const ttc = results.timeToConnected;
  if (!ttc) return [];
  const paths: Array<[string, ConnectTimes]> = [
    ["Our page, name typed at a person's pace", ttc.typed],
    ["Our page, name filled and Start pressed at once", ttc.instant],
    ["Bare page (room.connect with a pre-minted token)", ttc.bare],
  ];
  return [
    "## Time to connected (Chromium, fake devices)",
    "",
    "From asking (Start pressed; room.connect() called on the bare page) to connected, ms:",
    "",
    "| Path | Runs | p50 | p95 | From navigation p50 / p95 |",
    "| --- | --- | --- | --- | --- |",
    ...paths.map(
      ([label, t]) => `| ${label} | ${t.runs} | ${int(t.fromRequestP50)} | ${int(t.fromRequestP95)} | ${int(t.p50)} / ${int(t.p95)} |`,
    ),
    "",
    "Where the time goes (p50 of each step, ms after navigation started, from the page's clock and its User Timing marks):",
    "",
    "| Path | Page loaded | Session code loaded | Start pressed | Join answered | room.connect() | Signal connected | Room connected | Shown connected |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...paths.map(
      ([label, t]) =>
        `| ${label} | ${int(t.steps.loaded)} | ${int(t.steps.codeLoaded)} | ${int(t.steps.submitted)} | ${int(t.steps.joinAnswered)} | ${int(t.steps.connectCalled)} | ${int(t.steps.signalConnected)} | ${int(t.steps.roomConnected)} | ${int(t.steps.connected)} |`,
    ),
    "",
    ...(paths.some(([, t]) => t.failures.length > 0)
      ? [`Runs that never connected: ${paths.flatMap(([label, t]) => t.failures.map((failure) => `${label}: ${failure}`)).join("; ")}.`, ""]
      : []),
  ];
}

function javascriptSection(results: Results): string[] {
  const js = results.landingJs;
  if (!js) return [];
  const firstLoad = new Set(js.beforeInteraction.scripts.map((script) => script.url));
  return [
    "## The landing page's JavaScript (Chromium, bytes on the wire)",
    "",
    "| Script | kB | Loaded |",
    "| --- | --- | --- |",
    ...js.untilIdle.scripts.map(
      (script) =>
        `| \`${new URL(script.url).pathname}\` | ${(script.bytes / 1000).toFixed(1)} | ${firstLoad.has(script.url) ? "before any interaction" : "after, by itself"} |`,
    ),
    `| **Total** | **${(js.untilIdle.bytes / 1000).toFixed(1)}** | ${(js.beforeInteraction.bytes / 1000).toFixed(1)} before any interaction |`,
    "",
  ];
}

function scaleSection(results: Results): string[] {
  if (results.scale.length === 0) return [];
  return [
    "## Scale: join latency with many live rooms (ours, concurrency 8)",
    "",
    "| Live rooms | Warm req/s | Warm p50 / p99 | Cold req/s | Cold p50 / p99 |",
    "| --- | --- | --- | --- | --- |",
    ...results.scale.map(
      (row) =>
        `| ${row.liveRooms} | ${int(row.warm.rps)} | ${ms(row.warm.p50)} / ${ms(row.warm.p99)} | ${int(row.cold.rps)} | ${ms(row.cold.p50)} / ${ms(row.cold.p99)} |`,
    ),
    "",
  ];
}

function memorySection(results: Results): string[] {
  const samples = results.memory;
  const warmupJoins = results.memoryWarmupJoins;
  if (samples.length < 2) return [];
  const last = samples.at(-1)!;
  const measured = last.joins - warmupJoins;
  const at = (joins: number) => samples.find((s) => s.joins >= joins) ?? last;
  const picks = [at(0), at(warmupJoins / 2), ...[0, 0.25, 0.5, 0.75].map((fraction) => at(warmupJoins + fraction * measured)), last];
  const after = samples.filter((s) => s.joins >= warmupJoins);
  const lines = [
    `## Memory across ${measured} joins, after ${warmupJoins} to warm up (app process RSS, MiB)`,
    "",
    "| Joins | Phase | RSS |",
    "| --- | --- | --- |",
    ...picks.map((s) => `| ${s.joins} | ${s.joins < warmupJoins ? "warm-up" : "measured"} | ${s.rssMiB.toFixed(1)} |`),
    "",
  ];
  if (after.length > 0) {
    const min = Math.min(...after.map((s) => s.rssMiB));
    const max = Math.max(...after.map((s) => s.rssMiB));
    const change = last.rssMiB - after[0]!.rssMiB;
    lines.push(
      `Over the measured joins: min ${min.toFixed(1)}, max ${max.toFixed(1)}, from ${after[0]!.rssMiB.toFixed(1)} to ${last.rssMiB.toFixed(1)} MiB (${change >= 0 ? "+" : ""}${change.toFixed(1)} MiB).`,
      "",
    );
  }
  const live = results.liveHeapMiB ?? [];
  if (live.length > 0) {
    lines.push(
      `What the app holds: the heap left after each of the run's ${live.length} full collections (V8's --trace-gc), in MB: ${live.map((value) => value.toFixed(0)).join(", ")}. RSS above it is garbage V8 has not needed to collect yet, on a machine with memory to spare.`,
      "",
    );
  }
  return lines;
}
