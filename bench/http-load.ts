/**
 * Join load over HTTP with autocannon: every response time for one target at
 * one concurrency, against a warm room (the same name every call) or cold
 * rooms (a new name every call); and the summary of one or more such runs
 * (throughput, exact percentiles).
 */
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";

export type Temperature = "warm" | "cold";
export type LoadResult = {
  requests: number;
  errors: number;
  non2xx: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** CPU time the server process used per join, in ms (for the floor: the benchmark process). */
  cpuMsPerJoin?: number;
  /** CPU time livekit-server used per join meanwhile, in ms. */
  livekitCpuMsPerJoin?: number;
};

/** What one run saw: every latency (ms), how many calls failed, and how long it ran. */
export type LoadSamples = { latencies: number[]; errors: number; non2xx: number; seconds: number };

export type Target = {
  /** The server's origin and the request's path (for GET targets, the path is built per call). */
  url: string;
  method: "GET" | "POST";
  /** One call for this room: a JSON body (POST) or a path with a query (GET). */
  request: (roomName: string) => { body?: string; path?: string };
};

/** A JSON POST endpoint that takes { participantName, roomName }: ours and the baseline. */
export function jsonTarget(url: string): Target {
  return { url, method: "POST", request: (roomName) => ({ body: JSON.stringify({ participantName: "Bench", roomName }) }) };
}

export async function runHttpLoad(
  target: Target,
  concurrency: number,
  temperature: Temperature,
  durationSeconds: number,
): Promise<LoadResult> {
  return summarize([await sampleHttpLoad(target, concurrency, temperature, durationSeconds)]);
}

export async function sampleHttpLoad(
  target: Target,
  concurrency: number,
  temperature: Temperature,
  durationSeconds: number,
): Promise<LoadSamples> {
  const warmRoom = `bench-warm-${randomBytes(4).toString("hex")}`;
  const latencies: number[] = [];
  const result = await runAutocannon(
    {
      url: target.url,
      method: target.method,
      connections: concurrency,
      duration: durationSeconds,
      headers: target.method === "POST" ? { "content-type": "application/json" } : {},
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            ...target.request(temperature === "warm" ? warmRoom : `bench-cold-${randomBytes(8).toString("hex")}`),
          }),
        },
      ],
      // autocannon's summary has no p95, so every response time is kept for exact percentiles.
    },
    (_status, responseTime) => latencies.push(responseTime),
  );
  // autocannon's own measure of how long it ran: it runs whole ticks, so short runs overshoot the duration asked for.
  return { latencies, errors: result.errors + result.timeouts, non2xx: result.non2xx, seconds: result.duration };
}

/** Runs pooled: throughput over their total time, percentiles over all their latencies. */
export function summarize(runs: LoadSamples[]): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return {
    requests: latencies.length,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    rps: latencies.length / seconds,
    ...percentiles(latencies),
  };
}

export function percentiles(samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
  const round = (value: number) => Math.round(value * 100) / 100;
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)) };
}

/** autocannon with a per-response callback (status, milliseconds). */
export function runAutocannon(
  options: autocannon.Options,
  onResponse: (status: number, responseTime: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on("response", (_client, status, _bytes, responseTime) => onResponse(status, responseTime));
  });
}
