/**
 * Graceful shutdown of the production server (Next's standalone server and
 * server/lifecycle.ts), against a real livekit-server held still for a moment
 * (SIGSTOP) behind a proxy that shows when the app's calls have reached it:
 * joins in flight at SIGTERM all finish, readiness says 503 from the signal
 * on, no new connection is taken, and the drain has a bound.
 */
import { afterEach, describe, expect, it } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { startLiveKitServer, type LiveKitServer } from "../scripts/lib/livekit-process";
import { startTcpProxy, type TcpProxy } from "../scripts/lib/tcp-proxy";
import { uniqueRoom } from "./support/unique-room";

const CREATE_ROOM = "POST /twirp/livekit.RoomService/CreateRoom";
const LIST_ROOMS = "POST /twirp/livekit.RoomService/ListRooms";

let livekit: LiveKitServer | undefined;
let proxy: TcpProxy | undefined;
let app: AppProcess | undefined;

afterEach(async () => {
  livekit?.resume();
  await app?.stop();
  await proxy?.close();
  await livekit?.stop();
});

async function stack(env: Record<string, string>) {
  livekit = await startLiveKitServer();
  proxy = await startTcpProxy(livekit.port);
  app = await startApp({
    ...liveKitEnv(livekit),
    LIVEKIT_URL: `ws://127.0.0.1:${proxy.port}`,
    LIVEKIT_REQUEST_TIMEOUT_MS: "20000",
    HEALTH_CHECK_INTERVAL_MS: "0",
    RATE_LIMIT_JOINS: "0",
    ...env,
  });
  return { livekit, proxy, app };
}

function join(url: string) {
  return fetch(`${url}/api/trpc/livekit.join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ participantName: "Ada", roomName: uniqueRoom("drain") }),
  });
}

describe("on SIGTERM", () => {
  it("finishes the 10 joins in flight with 200, says 503 on readiness, takes no new connection, and exits", {
    timeout: 60_000,
  }, async () => {
    const { livekit, proxy, app } = await stack({});
    expect((await join(app.url)).status).toBe(200);

    livekit.pause();
    const joins = Array.from({ length: 10 }, () => join(app.url));
    const readiness = fetch(`${app.url}/api/health/ready`);
    // Every join has reached LiveKit (and is waiting on it) before the signal.
    await expect.poll(() => proxy.sentCount(CREATE_ROOM), { timeout: 10_000 }).toBe(11);
    await expect.poll(() => proxy.sentCount(LIST_ROOMS), { timeout: 10_000 }).toBe(1);

    app.kill("SIGTERM");
    await expect.poll(() => app.output(), { timeout: 10_000 }).toContain("draining");
    await expect(join(app.url)).rejects.toThrow();

    livekit.resume();
    const statuses = await Promise.all(joins.map(async (response) => (await response).status));
    expect(statuses).toEqual(Array(10).fill(200));
    const ready = await readiness;
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, draining: true });
    // Next's own handler exits once nothing is in flight: 128 + SIGTERM.
    expect(await app.exited).toBe(143);
  });

  it("exits after SHUTDOWN_DRAIN_SECONDS even if a request is still in flight", { timeout: 60_000 }, async () => {
    const { livekit, proxy, app } = await stack({ SHUTDOWN_DRAIN_SECONDS: "1" });
    livekit.pause();
    const stuck = join(app.url).then(
      (response) => response.status,
      () => "cut",
    );
    await expect.poll(() => proxy.sentCount(CREATE_ROOM), { timeout: 10_000 }).toBe(1);
    const signalled = performance.now();
    app.kill("SIGTERM");
    expect(await app.exited).toBe(1);
    expect(performance.now() - signalled).toBeLessThan(5_000);
    expect(await stuck).toBe("cut");
    expect(app.output()).toContain("drain-timeout");
  });
});
