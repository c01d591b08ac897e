/**
 * Rate limits, against the production server and the real livekit-server.
 * Budgets are spent after the access decision, keyed by who is asking:
 *  - in open mode, by client address: joins on /api/trpc and /api/token share
 *    one budget, with Retry-After; no header a client writes buys a fresh one,
 *    with no proxy or behind trusted ones;
 *  - with sign-in, by identity: each service (or member, or invite session)
 *    has its own, and calls the policy refuses spend only a budget of their
 *    own, so a flood of them leaves everyone else's untouched;
 *  - recalls and the context list have budgets too;
 * shared across instances through Redis, and still enforced when Redis is down.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { type MembersApp, startMembersApp } from "./support/members-app";
import { freshRedisDb } from "./support/redis";

const livekit = inject("livekit");
const started: AppProcess[] = [];
const stacks: MembersApp[] = [];
afterAll(async () => {
  await Promise.all([...started.map((app) => app.stop()), ...stacks.map((stack) => stack.stop())]);
});

/** Forwarding headers say a proxy is in front: only declared open mode serves those without sign-in. */
const DECLARED_OPEN = { ACCESS_MODE: "open" };

async function appWith(env: Record<string, string>) {
  const app = await startApp({ ...liveKitEnv(livekit), RATE_LIMIT_JOINS: "3", RATE_LIMIT_WINDOW_SECONDS: "60", ...env });
  started.push(app);
  return app;
}

function join(app: { url: string }, headers: Record<string, string> = {}) {
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
    const body = (await limited.json()) as {
      error: { message: string; data: { code: string; reason: string; retryAfterSeconds: number } };
    };
    expect(body.error.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED", retryAfterSeconds: retryAfter });
    expect(body.error.message).toBe(`Too many joins for now. Try again in ${retryAfter} s.`);

    const limitedToken = await token(app);
    expect(limitedToken.status).toBe(429);
    expect(Number(limitedToken.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await limitedToken.json()) as { error: { data: { code: string } } }).error.data.code).toBe("TOO_MANY_REQUESTS");
    // The refusal is logged as such, once per refused join.
    expect(app.output()).toMatch(/"outcome":"TOO_MANY_REQUESTS"/);
  });

  it("gains nothing from forged address headers when no proxy is trusted: everyone shares one budget", async () => {
    const app = await appWith(DECLARED_OPEN);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      const forged = `198.51.100.${i}`;
      statuses.push(
        (
          await join(app, {
            "x-forwarded-for": forged,
            "x-real-ip": forged,
            forwarded: `for=${forged}`,
            "x-onboarding-peer-address": forged,
          })
        ).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("behind one trusted proxy, keys on the address that proxy appended, not on what the client prepended", async () => {
    const app = await appWith({ ...DECLARED_OPEN, TRUSTED_PROXY_HOPS: "1" });
    // The "proxy" (this test) appends the client's address as the last entry.
    const alice = { "x-forwarded-for": "203.0.113.10" };
    for (let i = 0; i < 3; i += 1) expect((await join(app, alice)).status).toBe(200);
    expect((await join(app, alice)).status).toBe(429);
    // Alice prepends fake entries: still her budget.
    expect((await join(app, { "x-forwarded-for": "10.9.9.9, 203.0.113.10" })).status).toBe(429);
    // Another client behind the same proxy has a budget of her own.
    expect((await join(app, { "x-forwarded-for": "203.0.113.20" })).status).toBe(200);
  });

  it("behind two trusted proxies, keys on the address the outer one appended", async () => {
    const app = await appWith({ ...DECLARED_OPEN, TRUSTED_PROXY_HOPS: "2" });
    // client-written, then the outer proxy's entry (the client), then the inner proxy's (the outer proxy).
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await join(app, { "x-forwarded-for": `10.0.0.${i}, 203.0.113.30, 192.0.2.1` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it("keys IPv6 clients by their /64, so rotating addresses inside it buys nothing", async () => {
    const app = await appWith({ ...DECLARED_OPEN, TRUSTED_PROXY_HOPS: "1" });
    const statuses = [];
    for (let i = 1; i <= 4; i += 1) statuses.push((await join(app, { "x-forwarded-for": `2001:db8:1:2::${i.toString(16)}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await join(app, { "x-forwarded-for": "2001:db8:1:2:ffff:ffff:ffff:ffff" })).status).toBe(429);
    // The next /64 is someone else.
    expect((await join(app, { "x-forwarded-for": "2001:db8:1:3::1" })).status).toBe(200);
  });

  it("warns at boot when it is served beyond loopback with no trusted proxy, and not behind one", async () => {
    // (Set through APP_URL: a test server never listens beyond loopback. Without
    // sign-in, a public APP_URL boots only when open mode is declared.)
    const publicUrl = { APP_URL: "https://onboarding.example.com", ACCESS_MODE: "open" };
    const exposed = await appWith(publicUrl);
    await expect.poll(() => exposed.output()).toContain("but TRUSTED_PROXY_HOPS is 0, so every client shares every budget");
    const proxied = await appWith({ ...publicUrl, TRUSTED_PROXY_HOPS: "1" });
    const loopback = await appWith({});
    expect((await join(proxied)).status).toBe(200);
    expect((await join(loopback)).status).toBe(200);
    expect(proxied.output() + loopback.output()).not.toContain("TRUSTED_PROXY_HOPS is 0");
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

describe("budgets keyed by who is asking", () => {
  const service = (token: string) => ({ authorization: `Bearer ${token}` });

  it("lets a flood of anonymous calls spend only the refused budget: every service keeps its own", async () => {
    const stack = await startMembersApp({
      livekit,
      env: { RATE_LIMIT_JOINS: "3", RATE_LIMIT_REFUSALS: "5", RATE_LIMIT_WINDOW_SECONDS: "60" },
    });
    stacks.push(stack);
    const app = { url: stack.appUrl };
    const [first, second] = stack.serviceTokens;

    // Anonymous callers are refused first, and answered 429 once their own budget is gone.
    const flood = await Promise.all(Array.from({ length: 30 }, () => join(app)));
    const statuses = flood.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    const limited = flood.find((response) => response.status === 429)!;
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/^Too many refused requests from here/);

    // The flood took nothing from the services: each has its three joins, and its own 429 after them.
    for (let i = 0; i < 3; i += 1) expect((await join(app, service(first))).status).toBe(200);
    expect((await join(app, service(first))).status).toBe(429);
    expect((await join(app, service(second))).status).toBe(200);
    // Nor did the first service's joins spend the second's.
    expect((await join(app, service(second))).status).toBe(200);
  });

  it("limits guide recalls and the context list as well, per caller", async () => {
    const app = await appWith({ RATE_LIMIT_RECALLS: "2", RATE_LIMIT_READS: "2" });
    const recall = () =>
      fetch(`${app.url}/api/trpc/livekit.recallGuide`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ roomName: "no-such-session" }),
      });
    const contexts = () => fetch(`${app.url}/api/trpc/onboarding.contexts`);
    expect([(await recall()).status, (await recall()).status, (await recall()).status]).toEqual([404, 404, 429]);
    expect([(await contexts()).status, (await contexts()).status, (await contexts()).status]).toEqual([200, 200, 429]);
    // Each budget is its own: the joins are all still there.
    expect((await join(app)).status).toBe(200);
  });
});
