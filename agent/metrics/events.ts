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
  | { type: "index"; source: "cache" | "built"; seconds: number; redactedLines: number }
  | { type: "refusal"; method: string; code: number };

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
