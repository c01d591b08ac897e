/**
 * GET /api/health against `next start` and a real livekit-server: ready when
 * LiveKit answers with our credentials, 503 when it is stopped, ready again
 * when it comes back, all without restarting the app.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { startLiveKitServer, type LiveKitServer } from "../scripts/lib/livekit-process";

const appUrl = inject("appUrl");

type Health = { live: boolean; ready: boolean; livekit: { reason: string | null; message: string | null; latencyMs: number }; checkedAt: string };

async function health(url: string) {
  const response = await fetch(`${url}/api/health`);
  return { status: response.status, cacheControl: response.headers.get("cache-control"), body: (await response.json()) as Health };
}

describe("GET /api/health", () => {
  it("is 200 and ready when LiveKit accepts our credentials", async () => {
    const { status, body, cacheControl } = await health(appUrl);
    expect(status).toBe(200);
    expect(cacheControl).toBe("no-store");
    expect(body).toMatchObject({ live: true, ready: true, livekit: { reason: null, message: null } });
    expect(Number.isNaN(Date.parse(body.checkedAt))).toBe(false);
  });

  it("asks LiveKit at most once per interval, however often it is probed", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => health(appUrl)));
    // Every concurrent probe got the same check.
    expect(new Set(results.map((result) => result.body.checkedAt)).size).toBe(1);
  });

  describe("when LiveKit goes away and comes back", () => {
    let server: LiveKitServer | undefined;
    let app: AppProcess | undefined;
    afterAll(async () => {
      await app?.stop();
      await server?.stop();
    });

    it("turns 503 with the reason, then 200 again, with no app restart", async () => {
      server = await startLiveKitServer();
      app = await startApp({ ...liveKitEnv(server), HEALTH_CHECK_INTERVAL_MS: "200" });
      expect((await health(app.url)).status).toBe(200);

      await server.stop();
      await expect.poll(async () => (await health(app!.url)).status, { timeout: 10_000 }).toBe(503);
      const down = await health(app.url);
      expect(down.body).toMatchObject({ live: true, ready: false, livekit: { reason: "LIVEKIT_UNREACHABLE" } });
      expect(down.body.livekit.message).toBe("The LiveKit server cannot be reached. Try again in a moment.");

      await server.restart();
      await expect.poll(async () => (await health(app!.url)).status, { timeout: 10_000 }).toBe(200);
    });

    it("is 503 with a clear reason when LiveKit rejects the credentials", async () => {
      const other = await startLiveKitServer();
      const wrong = await startApp({ ...liveKitEnv(other), LIVEKIT_API_SECRET: "wrong-secret-wrong-secret-wrong-secret" });
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
