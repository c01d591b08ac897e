/**
 * Rate limits on joins (/api/trpc and /api/token share one budget), against
 * the running app and the real livekit-server: per client address, with
 * Retry-After; never keyed on a client-written X-Forwarded-For; shared across
 * instances through Redis; and still enforced when Redis is down.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { freshRedisDb } from "./support/redis";

const livekit = inject("livekit");
const started: AppProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((app) => app.stop()));
});

async function appWith(env: Record<string, string>) {
  const app = await startApp({ ...liveKitEnv(livekit), RATE_LIMIT_JOINS: "3", RATE_LIMIT_WINDOW_SECONDS: "60", ...env });
  started.push(app);
  return app;
}

function join(app: AppProcess, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/trpc/livekit.join`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ participantName: "Ada" }),
  });
}

function token(app: AppProcess, headers: Record<string, string> = {}) {
  return fetch(`${app.url}/api/token`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ participant_name: "Ada" }),
  });
}

describe("join rate limits", () => {
  it("allows the configured joins per address, then answers 429 with Retry-After on both endpoints", async () => {
    const app = await appWith({});
    expect((await join(app)).status).toBe(200);
    expect((await token(app)).status).toBe(201);
    expect((await join(app)).status).toBe(200);

    const limited = await join(app);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await limited.json()) as { error: { message: string; data: { code: string; reason: string; retryAfterSeconds: number } } };
    expect(body.error.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED", retryAfterSeconds: retryAfter });
    expect(body.error.message).toBe(`Too many joins from your address. Try again in ${retryAfter} s.`);

    const limitedToken = await token(app);
    expect(limitedToken.status).toBe(429);
    expect(Number(limitedToken.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await limitedToken.json()) as { error: { code: string } }).error.code).toBe("TOO_MANY_REQUESTS");
    // The refusal is logged as such, once per refused join.
    expect(app.output()).toMatch(/"outcome":"TOO_MANY_REQUESTS"/);
  });

  it("is not fooled by a client-written X-Forwarded-For when no proxy is trusted", async () => {
    const app = await appWith({});
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await join(app, { "x-forwarded-for": `198.51.100.${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("behind one trusted proxy, keys on the address that proxy appended, not on what the client prepended", async () => {
    const app = await appWith({ TRUSTED_PROXY_HOPS: "1" });
    // The "proxy" (this test) appends the client's address as the last entry.
    const alice = { "x-forwarded-for": "203.0.113.10" };
    for (let i = 0; i < 3; i += 1) expect((await join(app, alice)).status).toBe(200);
    expect((await join(app, alice)).status).toBe(429);
    // Alice prepends fake entries: still her budget.
    expect((await join(app, { "x-forwarded-for": "10.9.9.9, 203.0.113.10" })).status).toBe(429);
    // Another client behind the same proxy has a budget of her own.
    expect((await join(app, { "x-forwarded-for": "203.0.113.20" })).status).toBe(200);
  });

  it("shares one budget across app instances through Redis", async () => {
    const redis = await freshRedisDb(7);
    try {
      const first = await appWith({ REDIS_URL: redis.url });
      const second = await appWith({ REDIS_URL: redis.url });
      expect((await join(first)).status).toBe(200);
      expect((await join(second)).status).toBe(200);
      expect((await join(first)).status).toBe(200);
      expect((await join(second)).status).toBe(429);
      expect((await join(first)).status).toBe(429);
    } finally {
      await redis.close();
    }
  });

  it("keeps limiting (in memory) and keeps joining when Redis is unreachable", async () => {
    const app = await appWith({ REDIS_URL: "redis://127.0.0.1:9/0" });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await join(app)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(app.output()).not.toMatch(/"level":50/); // no error-level lines: a warning says the store is unavailable
  });
});
