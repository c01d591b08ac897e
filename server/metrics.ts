/**
 * The app's Prometheus metrics (prom-client), in one registry for the whole
 * process: prom-client stays a Node module rather than being bundled
 * (next.config.ts), so the instrumentation, the tRPC handlers and the
 * /api/metrics route, which Next bundles apart, all reach the same registry;
 * each metric is made once and found again by name.
 *
 * Labels are bounded: outcomes, the failure reasons of contract/errors.ts,
 * LiveKit API method names. Never a room, a person or a path.
 *
 * @see https://prometheus.io/docs/practices/naming/
 */
import "server-only";
import { Counter, collectDefaultMetrics, Histogram, type Metric, register } from "prom-client";
import type { FailureReason } from "@/contract/errors";

const PREFIX = "onboarding_";

function once<T extends Metric>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** Node's own metrics (CPU, memory, event loop lag, handles), once per process. */
if (!register.getSingleMetric("process_cpu_seconds_total")) collectDefaultMetrics({ register });

/** Seconds, from a few milliseconds (a join that finds its room known) to LiveKit's time bound. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const joins = once(
  `${PREFIX}joins_total`,
  () =>
    new Counter({
      name: `${PREFIX}joins_total`,
      help: "livekit.join calls, by outcome (ok, refused, failed) and reason (none when ok)",
      labelNames: ["outcome", "reason"] as const,
    }),
);

export const joinDuration = once(
  `${PREFIX}join_duration_seconds`,
  () =>
    new Histogram({
      name: `${PREFIX}join_duration_seconds`,
      help: "How long livekit.join took, by outcome",
      labelNames: ["outcome"] as const,
      buckets: LATENCY_BUCKETS,
    }),
);

export const guideRecalls = once(
  `${PREFIX}guide_recalls_total`,
  () =>
    new Counter({
      name: `${PREFIX}guide_recalls_total`,
      help: "livekit.recallGuide calls, by outcome and reason",
      labelNames: ["outcome", "reason"] as const,
    }),
);

export const refusals = once(
  `${PREFIX}refusals_total`,
  () =>
    new Counter({
      name: `${PREFIX}refusals_total`,
      help: "Calls refused, by kind (rate_limit, access, input, other) and reason",
      labelNames: ["kind", "reason"] as const,
    }),
);

export const liveKitRequests = once(
  `${PREFIX}livekit_requests_total`,
  () =>
    new Counter({
      name: `${PREFIX}livekit_requests_total`,
      help: "Calls to LiveKit's server API, by method and outcome (ok, error)",
      labelNames: ["method", "outcome"] as const,
    }),
);

export const liveKitDuration = once(
  `${PREFIX}livekit_request_duration_seconds`,
  () =>
    new Histogram({
      name: `${PREFIX}livekit_request_duration_seconds`,
      help: "How long calls to LiveKit's server API took, by method",
      labelNames: ["method"] as const,
      buckets: LATENCY_BUCKETS,
    }),
);

const ACCESS_REASONS = new Set<FailureReason>([
  "SIGN_IN_REQUIRED",
  "SIGN_IN_NOT_CONFIGURED",
  "SERVICE_TOKEN_REJECTED",
  "NOT_A_MEMBER",
  "OPEN_MODE_LOCAL_ONLY",
  "INVITE_INVALID",
  "INVITE_EXPIRED",
  "INVITE_WRONG_ROOM",
  "SESSION_ENDED",
  "CROSS_SITE_REQUEST",
  "WEBHOOK_SIGNATURE_INVALID",
]);

/** What kind of refusal a reason is. */
export function refusalKind(reason: FailureReason): "rate_limit" | "access" | "input" | "other" {
  if (reason === "RATE_LIMITED") return "rate_limit";
  if (ACCESS_REASONS.has(reason)) return "access";
  if (
    reason === "INVALID_INPUT" ||
    reason === "PAYLOAD_TOO_LARGE" ||
    reason === "UNSUPPORTED_MEDIA_TYPE" ||
    reason === "FIELD_NOT_SETTABLE"
  )
    return "input";
  return "other";
}

/** A procedure call's outcome, counted: `status` is its HTTP status (4xx refused, 5xx failed). */
export function countCall(procedure: string, seconds: number, failure?: { status: number; reason: FailureReason }) {
  const outcome = failure === undefined ? "ok" : failure.status < 500 ? "refused" : "failed";
  const reason = failure?.reason ?? "none";
  if (procedure === "livekit.join") {
    joins.inc({ outcome, reason });
    joinDuration.observe({ outcome }, seconds);
  } else if (procedure === "livekit.recallGuide") {
    guideRecalls.inc({ outcome, reason });
  }
  if (failure && outcome === "refused") refusals.inc({ kind: refusalKind(failure.reason), reason });
}

/**
 * A refusal made before any procedure ran (a body over the limit, a
 * cross-site form, a mutation that is not JSON): no procedure to count it
 * under, so it is counted as a refusal only.
 */
export function countEarlyRefusal(reason: FailureReason) {
  refusals.inc({ kind: refusalKind(reason), reason });
}

/**
 * A LiveKit server API client whose every call is counted and timed by its
 * method name (the SDK's, a bounded set).
 */
export function instrumented<T extends object>(client: T, service: string): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const method = `${service}.${property}`;
        const done = (outcome: "ok" | "error") => {
          liveKitRequests.inc({ method, outcome });
          liveKitDuration.observe({ method }, (performance.now() - started) / 1000);
        };
        const result = (value as (...args: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.then(
          (resolved) => {
            done("ok");
            return resolved;
          },
          (error: unknown) => {
            done("error");
            throw error;
          },
        );
      };
    },
  });
}

export { register as metricsRegistry };
