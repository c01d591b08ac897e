/**
 * Health against the production server and a real livekit-server: liveness
 * never asks LiveKit; readiness is ready when LiveKit answers with our
 * credentials, 503 when it is stopped, ready again when it comes back (no app
 * restart), and it asks LiveKit at most once per interval, counted on the way
 * to LiveKit by a proxy in front of it. Anyone gets the status; what LiveKit
 * said only a caller with a service token.
 */
import { createHash } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { startLiveKitServer, type LiveKitServer } from "../scripts/lib/livekit-process";
import { startTcpProxy, type TcpProxy } from "../scripts/lib/tcp-proxy";

const appUrl = inject("appUrl");
const livekit = inject("livekit");
const serviceToken = inject("serviceToken");
const asService = { authorization: `Bearer ${serviceToken}` };
/** The shared app's service credential, for the apps these tests start themselves. */
const knowsTheService = { ONBOARDING_SERVICE_TOKENS: `tests:${createHash("sha256").update(serviceToken).digest("hex")}` };
const LIST_ROOMS = "POST /twirp/livekit.RoomService/ListRooms";

type Health = {
  live: boolean;
  ready: boolean;
  draining: boolean;
  livekit: { reason: string | null; message: string | null; latencyMs: number };
  checkedAt: string;
};

async function health(url: string, path = "/api/health", headers: Record<string, string> = asService) {
  const response = await fetch(`${url}${path}`, { headers });
  return { status: response.status, cacheControl: response.headers.get("cache-control"), body: (await response.json()) as Health };
}

describe("GET /api/health/ready (and /api/health)", () => {
  it("is 200 and ready when LiveKit accepts our credentials", async () => {
    for (const path of ["/api/health", "/api/health/ready"]) {
      const { status, body, cacheControl } = await health(appUrl, path);
      expect(status).toBe(200);
      expect(cacheControl).toBe("no-store");
      expect(body).toMatchObject({ live: true, ready: true, draining: false, livekit: { reason: null, message: null } });
      expect(Number.isNaN(Date.parse(body.checkedAt))).toBe(false);
    }
  });

  it("tells anyone only whether it is ready: what LiveKit said takes a service token", async () => {
    const anyone: Record<string, string>[] = [{}, { authorization: "Bearer onb_not-a-token-this-app-knows" }];
    for (const headers of anyone) {
      const { status, body } = await health(appUrl, "/api/health/ready", headers);
      expect(status).toBe(200);
      expect(body).toEqual({ live: true, ready: true, draining: false });
    }
    expect((await health(appUrl, "/api/health/ready")).body.livekit).toMatchObject({ reason: null, message: null });
  });

  describe("however often it is probed", () => {
    const cleanup: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const stop of cleanup.reverse()) await stop();
    });

    async function countedApp(intervalMs: number): Promise<{ app: AppProcess; proxy: TcpProxy }> {
      const proxy = await startTcpProxy(livekit.port);
      cleanup.push(() => proxy.close());
      const app = await startApp({
        ...liveKitEnv(livekit),
        ...knowsTheService,
        LIVEKIT_URL: `ws://127.0.0.1:${proxy.port}`,
        HEALTH_CHECK_INTERVAL_MS: String(intervalMs),
      });
      cleanup.push(() => app.stop());
      return { app, proxy };
    }

    it("asks LiveKit at most once per interval", async () => {
      const { app, proxy } = await countedApp(60_000);
      await Promise.all(Array.from({ length: 20 }, () => health(app.url, "/api/health/ready")));
      for (let i = 0; i < 10; i += 1) expect((await health(app.url)).status).toBe(200);
      expect(proxy.sentCount(LIST_ROOMS)).toBe(1);
    });

    it("asks again once the interval has passed", async () => {
      const { app, proxy } = await countedApp(200);
      await health(app.url);
      await expect
        .poll(async () => {
          await health(app.url);
          return proxy.sentCount(LIST_ROOMS);
        })
        .toBeGreaterThanOrEqual(2);
    });
  });

  describe("when LiveKit goes away and comes back", () => {
    let server: LiveKitServer | undefined;
    let app: AppProcess | undefined;
    afterAll(async () => {
      await app?.stop();
      await server?.stop();
    });

    it("turns 503 with the reason while liveness stays 200, then ready again, with no app restart", async () => {
      server = await startLiveKitServer();
      app = await startApp({ ...liveKitEnv(server), ...knowsTheService, HEALTH_CHECK_INTERVAL_MS: "200" });
      expect((await health(app.url)).status).toBe(200);

      await server.stop();
      await expect.poll(async () => (await health(app!.url)).status, { timeout: 10_000 }).toBe(503);
      const down = await health(app.url);
      expect(down.body).toMatchObject({ live: true, ready: false, livekit: { reason: "LIVEKIT_UNREACHABLE" } });
      expect(down.body.livekit.message).toBe("The LiveKit server cannot be reached. Try again in a moment.");
      const live = await fetch(`${app.url}/api/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ live: true });

      await server.restart();
      await expect.poll(async () => (await health(app!.url)).status, { timeout: 10_000 }).toBe(200);
    });

    it("is 503 with a clear reason when LiveKit rejects the credentials", async () => {
      const other = await startLiveKitServer();
      const wrong = await startApp({
        ...liveKitEnv(other),
        ...knowsTheService,
        LIVEKIT_API_SECRET: "wrong-secret-wrong-secret-wrong-secret",
      });
      try {
        const { status, body } = await health(wrong.url);
        expect(status).toBe(503);
        expect(body.livekit.reason).toBe("LIVEKIT_CREDENTIALS_REJECTED");
        expect(JSON.stringify(body)).not.toContain("wrong-secret");
      } finally {
        await wrong.stop();
        await other.stop();
      }
    });
  });
});

describe("GET /api/health/live", () => {
  it("never asks LiveKit", async () => {
    const proxy = await startTcpProxy(livekit.port);
    const app = await startApp({ ...liveKitEnv(livekit), LIVEKIT_URL: `ws://127.0.0.1:${proxy.port}` });
    try {
      for (let i = 0; i < 5; i += 1) expect((await fetch(`${app.url}/api/health/live`)).status).toBe(200);
      expect(proxy.sentCount("POST /twirp/")).toBe(0);
    } finally {
      await app.stop();
      await proxy.close();
    }
  });
});
