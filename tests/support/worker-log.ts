/**
 * Reading a guide worker from the outside, as an operator would: its JSON log
 * lines about one event, and one sample of its /metrics.
 */
import { expect, vi } from "vitest";
import type { GuideWorker } from "../../scripts/lib/guide-process";

/** The worker's log lines about one event, parsed. */
export function logged<T>(worker: GuideWorker, event: string): T[] {
  return worker
    .output()
    .split("\n")
    .filter((line) => line.includes(`"event":"${event}"`))
    .map((line) => JSON.parse(line) as T);
}

/** Where the worker serves its metrics (it was started with GUIDE_METRICS_PORT=0, so it logs the port it got). */
export async function metricsUrlOf(worker: GuideWorker): Promise<string> {
  await vi.waitFor(() => expect(logged(worker, "metrics")).toHaveLength(1), { timeout: 10_000, interval: 100 });
  return logged<{ url: string }>(worker, "metrics")[0]!.url;
}

/** One sample of one series, read from the worker's /metrics as Prometheus would; undefined when it is not there. */
export async function metricValue(url: string, series: string): Promise<number | undefined> {
  const text = await (await fetch(url)).text();
  const line = text.split("\n").find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
