/**
 * What a room's job process tells its worker for the worker's metrics: plain
 * events, one JSON line each, over the worker's metrics socket (see
 * worker-metrics.ts and reporter.ts). The first line a job sends is its
 * hello, with the worker's secret.
 */
export type MetricEvent =
  | { type: "hello"; secret: string }
  | { type: "room" }
  | { type: "greeting" }
  | { type: "answer"; kind: string; seconds: number }
  | { type: "index"; source: IndexSource; seconds: number; redactedLines: number }
  /** The knowledge service's own report, every few seconds and on each change. */
  | { type: "knowledge-service"; indexes: number; rooms: number; residentBytes: number }
  | { type: "refusal"; method: string; code: number };

/** Where a room's index came from: the knowledge service's memory (another room's), the disk cache, or read now. */
export type IndexSource = "memory" | "cache" | "built";
export const INDEX_SOURCES = new Set<string>(["memory", "cache", "built"] satisfies IndexSource[]);

/** The answer kinds and RPC methods that may become label values: anything else is "other". */
export const ANSWER_KINDS = new Set(["where", "what", "how", "overview", "help", "unknown", "failed"]);
export const RPC_METHODS = new Set([
  "onboarding.readFile",
  "onboarding.listFiles",
  "onboarding.show",
  "onboarding.map",
  "onboarding.tours",
  "onboarding.tour",
]);
