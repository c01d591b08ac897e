/**
 * A stopped or hung LiveKit gives a typed error within the configured bound,
 * and recovery needs no app restart. Each test owns its server, so stopping it
 * disturbs nobody else.
 */
import { TRPCError } from "@trpc/server";
import { afterEach, describe, expect, it } from "vitest";
import { startLiveKitServer, type LiveKitServer } from "../scripts/lib/livekit-process";
import { callerFor, configFor } from "./support/caller";

let server: LiveKitServer | undefined;
afterEach(async () => {
  server?.resume();
  await server?.stop();
  server = undefined;
});

async function joinError(caller: ReturnType<typeof callerFor>) {
  const started = performance.now();
  const error = await caller.livekit.join({ participantName: "Ada" }).then(
    () => undefined,
    (caught: unknown) => caught as TRPCError,
  );
  return { error, elapsedMs: performance.now() - started };
}

describe("livekit.join with a failing LiveKit", () => {
  it("gives SERVICE_UNAVAILABLE at once when LiveKit is stopped, and works again once it is back", async () => {
    server = await startLiveKitServer();
    const caller = callerFor(configFor(server));
    await expect(caller.livekit.join({ participantName: "Ada" })).resolves.toMatchObject({ roomCreated: true });

    await server.stop();
    const { error, elapsedMs } = await joinError(caller);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error?.code).toBe("SERVICE_UNAVAILABLE");
    expect(error?.message).toBe("The LiveKit server cannot be reached. Try again in a moment.");
    expect(elapsedMs).toBeLessThan(5_000);

    await server.restart();
    await expect(caller.livekit.join({ participantName: "Ada" })).resolves.toMatchObject({ roomCreated: true });
  });

  it("gives GATEWAY_TIMEOUT within the configured bound when LiveKit hangs", async () => {
    server = await startLiveKitServer();
    const caller = callerFor(configFor(server, { LIVEKIT_REQUEST_TIMEOUT_MS: "1000" }));
    await caller.livekit.join({ participantName: "warm-up" });

    server.pause();
    const { error, elapsedMs } = await joinError(caller);
    expect(error?.code).toBe("GATEWAY_TIMEOUT");
    expect(error?.message).toMatch(/did not answer within 1\.0 s/);
    expect(elapsedMs).toBeGreaterThanOrEqual(900);
    expect(elapsedMs).toBeLessThan(3_000);
  });

  it("bounds a hang by 5 seconds by default", async () => {
    server = await startLiveKitServer();
    const config = configFor(server);
    expect(config.livekit.requestTimeoutMs).toBe(5_000);
    const caller = callerFor(config);
    await caller.livekit.join({ participantName: "warm-up" });

    server.pause();
    const { error, elapsedMs } = await joinError(caller);
    expect(error?.code).toBe("GATEWAY_TIMEOUT");
    expect(elapsedMs).toBeLessThan(6_000);
  });
});
