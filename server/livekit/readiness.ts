/**
 * Readiness: can this app mint useful tokens right now? That needs LiveKit to
 * be reachable and to accept our credentials, so the check is one cheap
 * authenticated RoomService call (ListRooms filtered to a name that never
 * exists).
 *
 * A load balancer may probe every instance every second; the result is reused
 * for `healthCheckIntervalMs`, and concurrent probes share one call, so LiveKit
 * sees at most one check per interval per instance.
 */
import "server-only";
import { z } from "zod";
import type { RoomServiceClient } from "livekit-server-sdk";
import type { AppConfig } from "../env";
import { FailureReason } from "@/contract/errors";
import { failureFrom } from "../failures";

export const Readiness = z.object({
  ready: z.boolean(),
  livekit: z.object({
    /** Null when ready; otherwise why not, as in join failures. */
    reason: z.nullable(FailureReason),
    message: z.string().nullable(),
    latencyMs: z.number().int().nonnegative(),
  }),
  /** When LiveKit was last asked, ISO 8601. */
  checkedAt: z.string(),
});
export type Readiness = z.infer<typeof Readiness>;

export type ReadinessProbe = { check(): Promise<Readiness> };

const PROBE_ROOM = "onboarding-rooms-readiness-probe";

export function createReadinessProbe(rooms: RoomServiceClient, config: AppConfig): ReadinessProbe {
  let last: { at: number; result: Readiness } | undefined;
  let inFlight: Promise<Readiness> | undefined;

  async function probe(): Promise<Readiness> {
    const started = performance.now();
    let reason: Readiness["livekit"]["reason"] = null;
    let message: string | null = null;
    try {
      await rooms.listRooms([PROBE_ROOM]);
    } catch (error) {
      const failure = failureFrom(error, config.livekit.requestTimeoutMs);
      reason = failure.reason === "INTERNAL" ? "LIVEKIT_ERROR" : failure.reason;
      message = failure.message;
    }
    return {
      ready: reason === null,
      livekit: { reason, message, latencyMs: Math.round(performance.now() - started) },
      checkedAt: new Date().toISOString(),
    };
  }

  return {
    async check() {
      if (last && Date.now() - last.at < config.healthCheckIntervalMs) return last.result;
      inFlight ??= probe().then((result) => {
        last = { at: Date.now(), result };
        inFlight = undefined;
        return result;
      });
      return inFlight;
    },
  };
}
