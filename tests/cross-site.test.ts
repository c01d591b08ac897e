/**
 * Cross-site requests cannot start or join sessions, against the production
 * server and the real livekit-server: the body types a form or a no-cors fetch
 * can send are refused, as is any request from another site's page, and no
 * room is created. Servers and scripts (no Origin) and the app's own pages
 * still get in.
 */
import { randomBytes } from "node:crypto";
import { RoomServiceClient } from "livekit-server-sdk";
import { afterAll, describe, expect, inject, it } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import type { ErrorShape } from "../contract/errors";

const livekit = inject("livekit");
const appUrl = inject("appUrl");
const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
const EVIL = "https://evil.example";

const newRoom = () => `csrf-${randomBytes(6).toString("hex")}`;
const joinBody = (roomName: string) => JSON.stringify({ participantName: "Mallory", roomName });

function joinRequest(url: string, body: BodyInit, headers: Record<string, string>) {
  return fetch(`${url}/api/trpc/livekit.join`, { method: "POST", headers, body });
}

async function roomExists(name: string) {
  return (await rooms.listRooms([name])).length > 0;
}

type TrpcError = { error: { message: string; data: { code: string; reason: string | null } } };

describe("a cross-site POST to livekit.join", () => {
  const crossSite = { origin: EVIL, "sec-fetch-site": "cross-site" };

  it.each([
    [
      "a form (application/x-www-form-urlencoded)",
      (room: string) => ({ body: `participantName=Mallory&roomName=${room}`, type: "application/x-www-form-urlencoded" }),
    ],
    ["text/plain holding JSON", (room: string) => ({ body: joinBody(room), type: "text/plain;charset=UTF-8" })],
    [
      "multipart/form-data",
      (room: string) => ({
        body: `--x\r\nContent-Disposition: form-data; name="participantName"\r\n\r\nMallory\r\n--x\r\nContent-Disposition: form-data; name="roomName"\r\n\r\n${room}\r\n--x--\r\n`,
        type: "multipart/form-data; boundary=x",
      }),
    ],
  ])("sent as %s, is refused and creates no room", async (_label, make) => {
    const room = newRoom();
    const { body, type } = make(room);
    const response = await joinRequest(appUrl, body, { ...crossSite, "content-type": type });
    expect([403, 415]).toContain(response.status);
    expect(await roomExists(room)).toBe(false);
  });

  it("is refused as FORBIDDEN with a reason even as JSON, and creates no room", async () => {
    const room = newRoom();
    const response = await joinRequest(appUrl, joinBody(room), { ...crossSite, "content-type": "application/json" });
    expect(response.status).toBe(403);
    const body = (await response.json()) as TrpcError;
    expect(body.error.data).toMatchObject({ code: "FORBIDDEN", reason: "CROSS_SITE_REQUEST" });
    expect(body.error.message).toContain("Requests from other sites cannot start or join sessions here.");
    expect(await roomExists(room)).toBe(false);
  });

  it("is refused on Sec-Fetch-Site alone, and on Origin alone", async () => {
    const room = newRoom();
    const refused: Record<string, string>[] = [{ "sec-fetch-site": "cross-site" }, { origin: EVIL }, { origin: "null" }];
    for (const headers of refused) {
      const response = await joinRequest(appUrl, joinBody(room), { ...headers, "content-type": "application/json" });
      expect(response.status).toBe(403);
    }
    expect(await roomExists(room)).toBe(false);
  });
});

describe("mutations take JSON only", () => {
  it("refuses a same-origin form or text body with 415, and creates no room", async () => {
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
      const room = newRoom();
      const response = await joinRequest(appUrl, joinBody(room), { "content-type": type });
      expect(response.status).toBe(415);
      expect(await roomExists(room)).toBe(false);
    }
  });
});

describe("requests that may change state", () => {
  it("come from servers and scripts, which send no Origin", async () => {
    const room = newRoom();
    expect((await joinRequest(appUrl, joinBody(room), { "content-type": "application/json" })).status).toBe(200);
    expect(await roomExists(room)).toBe(true);
  });

  it("come from the app's own page on loopback (Origin is the page's host)", async () => {
    const { host, origin } = new URL(appUrl);
    const response = await joinRequest(appUrl, joinBody(newRoom()), {
      origin,
      host,
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
    });
    expect(response.status).toBe(200);
  });
});

describe("/api/token", () => {
  it("refuses a cross-site request and creates no room", async () => {
    const room = newRoom();
    const response = await fetch(`${appUrl}/api/token`, {
      method: "POST",
      headers: { origin: EVIL, "sec-fetch-site": "cross-site", "content-type": "application/json" },
      body: JSON.stringify({ participant_name: "Mallory", room_name: room }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: ErrorShape }).error.data.reason).toBe("CROSS_SITE_REQUEST");
    expect(await roomExists(room)).toBe(false);
  });
});

describe("with APP_URL and ALLOWED_ORIGINS", () => {
  let app: AppProcess | undefined;
  afterAll(async () => app?.stop());

  it("accepts those origins only, and no longer trusts a loopback Host that matches its Origin", async () => {
    app = await startApp({
      ...liveKitEnv(livekit),
      APP_URL: "https://onboarding.example.com",
      ALLOWED_ORIGINS: "https://docs.example.com, https://wiki.example.com",
      // Served at a public address without sign-in: it boots only when told that is meant.
      ACCESS_MODE: "open",
    });
    const json = { "content-type": "application/json" };
    for (const origin of ["https://onboarding.example.com", "https://docs.example.com", "https://wiki.example.com"]) {
      expect((await joinRequest(app.url, joinBody(newRoom()), { ...json, origin })).status).toBe(200);
    }
    const { origin, host } = new URL(app.url);
    const refused: Record<string, string>[] = [
      { origin, host },
      { origin: "https://onboarding.example.com.evil.example" },
      { origin: "http://onboarding.example.com" },
    ];
    for (const headers of refused) {
      expect((await joinRequest(app.url, joinBody(newRoom()), { ...json, ...headers })).status).toBe(403);
    }
  });
});

describe("a DNS-rebinding page on loopback", () => {
  it("is refused: its Host matches its Origin, but it is not a loopback name", async () => {
    const port = new URL(appUrl).port;
    const room = newRoom();
    const response = await joinRequest(appUrl, joinBody(room), {
      origin: `http://rebind.evil.example:${port}`,
      host: `rebind.evil.example:${port}`,
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
    });
    expect(response.status).toBe(403);
    expect(await roomExists(room)).toBe(false);
  });
});
