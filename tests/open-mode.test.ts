/**
 * Open mode is held while the app runs, not only at boot, against the
 * production server and the real livekit-server. Without sign-in, and
 * without ACCESS_MODE=open declared, the app serves only requests that come
 * from this machine: one addressed to another host, or that came through a
 * proxy (forwarding headers), is refused with a clear message and creates no
 * room, on tRPC and on /api/token alike. Declared open mode serves them.
 */
import { request } from "node:http";
import { RoomServiceClient } from "livekit-server-sdk";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ErrorShape } from "../contract/errors";
import { type AppProcess, liveKitEnv, startApp } from "../scripts/lib/app-process";
import { uniqueRoom } from "./support/unique-room";

const livekit = inject("livekit");
const appUrl = inject("appUrl");
const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
const started: AppProcess[] = [];
afterAll(async () => Promise.all(started.map((app) => app.stop())));

type Reply = { status: number; body: { error?: unknown } };

/** A POST with exactly these headers: fetch will not send a Host of our choosing. */
function post(url: string, path: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = request(
      new URL(path, url),
      { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers } },
      (response) => {
        let data = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          data += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(data) as Reply["body"] }));
      },
    );
    call.on("error", reject);
    call.end(text);
  });
}

const join = (url: string, roomName: string, headers: Record<string, string>) =>
  post(url, "/api/trpc/livekit.join", { participantName: "Ada", roomName }, headers);
const token = (url: string, roomName: string, headers: Record<string, string>) =>
  post(url, "/api/token", { participant_name: "Ada", room_name: roomName }, headers);
const roomExists = async (name: string) => (await rooms.listRooms([name])).length > 0;

const FROM_ELSEWHERE: Array<[string, Record<string, string>]> = [
  ["a public Host (a proxy passing it through)", { host: "onboarding.example.com" }],
  ["a DNS name that resolves here but is not loopback", { host: "my-laptop.local:3000" }],
  ["X-Forwarded-For with a public client", { "x-forwarded-for": "203.0.113.7" }],
  ["X-Forwarded-For with a public client behind a loopback hop", { "x-forwarded-for": "203.0.113.7, 127.0.0.1" }],
  ["Forwarded", { forwarded: "for=203.0.113.7;proto=https" }],
  ["X-Real-IP", { "x-real-ip": "203.0.113.7" }],
  ["Via", { via: "1.1 proxy" }],
  ["X-Forwarded-Proto https (a TLS-terminating proxy)", { "x-forwarded-proto": "https" }],
  ["X-Forwarded-Host naming a public host", { "x-forwarded-host": "onboarding.example.com" }],
];

describe("undeclared open mode", () => {
  it.each(FROM_ELSEWHERE)("refuses a join that came with %s, saying why, and creates no room", async (_what, headers) => {
    const roomName = uniqueRoom("elsewhere");
    for (const call of [join, token]) {
      const reply = await call(appUrl, roomName, headers);
      expect(reply.status).toBe(403);
      const error = ErrorShape.parse(reply.body.error);
      expect(error.data.reason).toBe("OPEN_MODE_LOCAL_ONLY");
      expect(error.message).toMatch(/^This app runs without sign-in, so it serves only this machine, and this request .+ACCESS_MODE=open/);
    }
    expect(await roomExists(roomName)).toBe(false);
  });

  it("serves this machine's own requests, by any loopback name", async () => {
    for (const host of [new URL(appUrl).host, "localhost", "app.localhost:3000", "[::1]:3000"]) {
      const reply = await join(appUrl, uniqueRoom("local"), { host });
      expect(reply.status, host).toBe(200);
    }
  });
});

describe("declared open mode (ACCESS_MODE=open)", () => {
  it("serves requests that came through a proxy", async () => {
    const app = await startApp({ ...liveKitEnv(livekit), ACCESS_MODE: "open" });
    started.push(app);
    for (const [what, headers] of FROM_ELSEWHERE) {
      const reply = await join(app.url, uniqueRoom("declared"), headers);
      expect(reply.status, what).toBe(200);
    }
  });
});
