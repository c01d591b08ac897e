/**
 * Secrets and scope, against the built app and the real livekit-server: the
 * API secret is nowhere a client can see (the static bundle, responses, logs),
 * the tokens we mint carry no power beyond joining their room, and pages send
 * the security headers.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { RoomServiceClient } from "livekit-server-sdk";
import { createNodeClient } from "@/trpc/node";

const livekit = inject("livekit");
const appUrl = inject("appUrl");

/** scripts/test.sh builds with this as LIVEKIT_API_SECRET, so a secret inlined at build time would show. */
const BUILD_SECRET_CANARY = "build-time-secret-canary-3f9c2e71";

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("the API secret stays on the server", () => {
  it("is not in any file the browser can load (.next/static), nor is server-side token code", () => {
    const files = filesUnder(".next/static");
    expect(files.length).toBeGreaterThan(10);
    const leaks = files.filter((file) => {
      const text = readFileSync(file, "utf8");
      return (
        text.includes(BUILD_SECRET_CANARY) ||
        text.includes(livekit.apiSecret) ||
        text.includes("LIVEKIT_API_SECRET") ||
        // livekit-server-sdk's token signer: server code that must never be bundled for the browser.
        text.includes("TokenVerifier") ||
        text.includes("apiSecret")
      );
    });
    expect(leaks).toEqual([]);
  });

  describe("in responses and logs", () => {
    let app: AppProcess | undefined;
    afterAll(async () => app?.stop());

    it("never appears in a response or a log line, across joins, errors and health checks", async () => {
      app = await startApp({ ...liveKitEnv(livekit), LOG_LEVEL: "debug" });
      const client = createNodeClient(app.url);
      await client.livekit.join.mutate({ participantName: "Ada" });
      const responses = await Promise.all([
        fetch(`${app.url}/api/trpc/livekit.join`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" }),
        fetch(`${app.url}/api/trpc/livekit.join`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"participantName":"A","x":1}',
        }),
        fetch(`${app.url}/api/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"participant_name":"Ada"}',
        }),
        fetch(`${app.url}/api/health`),
        fetch(`${app.url}/`),
      ]);
      for (const response of responses) expect(await response.text()).not.toContain(livekit.apiSecret);
      const log = app.output();
      expect(log).toMatch(/"event":"join","outcome":"ok"/);
      expect(log).not.toContain(livekit.apiSecret);
      expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/); // a JWT
    });
  });
});

describe("a participant token", () => {
  const validate = (token: string) => fetch(`${livekit.httpUrl}/rtc/validate?access_token=${encodeURIComponent(token)}`);
  const roomService = (method: string, token: string, body: unknown) =>
    fetch(`${livekit.httpUrl}/twirp/livekit.RoomService/${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("joins its room, but the real server refuses it for listing, creating, deleting or moderating rooms", async () => {
    const { participantToken, roomName, participantIdentity } = await createNodeClient(appUrl).livekit.join.mutate({
      participantName: "Ada",
    });
    expect((await validate(participantToken)).status).toBe(200);
    const attempts: Array<[string, unknown]> = [
      ["ListRooms", {}],
      ["CreateRoom", { name: `${roomName}-other` }],
      ["DeleteRoom", { room: roomName }],
      ["RemoveParticipant", { room: roomName, identity: participantIdentity }],
      ["UpdateRoomMetadata", { room: roomName, metadata: "{}" }],
    ];
    for (const [method, body] of attempts) {
      const response = await roomService(method, participantToken, body);
      expect([401, 403], `${method} answered ${response.status}`).toContain(response.status);
    }
    const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    expect(await rooms.listRooms([roomName])).toHaveLength(1);
    expect(await rooms.listRooms([`${roomName}-other`])).toHaveLength(0);
  });
});

describe("security headers", () => {
  it("pages send a CSP that allows the LiveKit server, forbids framing, and a strict referrer and permissions policy", async () => {
    const response = await fetch(`${appUrl}/`);
    const csp = response.headers.get("content-security-policy") ?? "";
    const host = new URL(livekit.url).host;
    expect(csp).toContain(`connect-src 'self' ws://${host} http://${host}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    // Next put the same per-request nonce on its scripts.
    const html = await response.text();
    expect(html).toContain(`nonce="${nonce}"`);
    expect((await fetch(`${appUrl}/`)).headers.get("content-security-policy")).not.toContain(nonce!);

    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const permissions = response.headers.get("permissions-policy") ?? "";
    expect(permissions).toContain("camera=(self)");
    expect(permissions).toContain("microphone=(self)");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    // Reached over plain http (APP_URL unset): no HSTS, which a browser would ignore anyway.
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  describe("when APP_URL is https", () => {
    let app: AppProcess | undefined;
    afterAll(async () => app?.stop());

    it("pages ask browsers to use https only (HSTS), although the app itself is reached over http behind a TLS proxy", async () => {
      app = await startApp({ ...liveKitEnv(livekit), APP_URL: "https://onboarding.example.com", ACCESS_MODE: "open" });
      for (const page of ["/", "/rooms/onb-example"]) {
        const response = await fetch(`${app.url}${page}`);
        expect(response.status, page).toBe(200);
        expect(response.headers.get("strict-transport-security"), page).toBe("max-age=31536000");
      }
    });
  });

  it("invite pages get the same policy", async () => {
    const response = await fetch(`${appUrl}/rooms/onb-example`);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});
