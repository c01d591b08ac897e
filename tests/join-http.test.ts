/**
 * `livekit.join` over HTTP against the production build (Next's standalone
 * server, as `npm start` runs it), the way curl, other services and the page
 * call it: plain JSON, no transformer.
 */
import { randomBytes } from "node:crypto";
import { RoomServiceClient, TokenVerifier } from "livekit-server-sdk";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { startLiveKitServer } from "../scripts/lib/livekit-process";
import { ErrorShape } from "@/contract/errors";
import { JoinOutput } from "@/contract/join";
import { parseRoomMetadata } from "@/contract/room-metadata";
import { createNodeClient } from "@/trpc/node";
import { uniqueRoom } from "./support/unique-room";

const livekit = inject("livekit");
const appUrl = inject("appUrl");
const repoRoot = inject("repoRoot");
const endpoint = `${appUrl}/api/trpc/livekit.join`;

type ErrorBody = {
  error: {
    message: string;
    data: { code: string; httpStatus: number; reason: string | null; fieldErrors: Record<string, string[]> | null };
  };
};

function post(body: string, contentType = "application/json", url = endpoint) {
  return fetch(url, { method: "POST", headers: { "content-type": contentType }, body });
}

async function join(input: unknown, url = endpoint) {
  const response = await post(JSON.stringify(input), "application/json", url);
  return { response, body: (await response.json()) as { result?: { data: unknown } } & Partial<ErrorBody> };
}

function expectNoLeaks(text: string) {
  expect(text).not.toContain(livekit.apiSecret);
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/); // a stack frame
  expect(text).not.toContain('"stack"');
}

describe("POST /api/trpc/livekit.join", () => {
  it("answers a curl-style request (-H 'content-type: application/json' -d …) with plain JSON", async () => {
    const response = await post('{"participantName":"Ada"}', "application/json");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: unknown } };
    const output = JoinOutput.parse(body.result.data);
    expect(output.participantName).toBe("Ada");
    expect(output.roomCreated).toBe(true);
    expect(output.serverUrl).toBe(livekit.url);

    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(output.participantToken);
    expect(claims.video?.room).toBe(output.roomName);
    expect(claims.exp).toBe(output.expiresAt);
    const [room] = await new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).listRooms([output.roomName]);
    expect(parseRoomMetadata(room?.metadata)?.context.repoRoot).toBe(repoRoot);
  });

  it("ends 20 concurrent HTTP joins of one new room in one room, created once", async () => {
    const roomName = uniqueRoom("http-race");
    const client = createNodeClient(appUrl);
    const outputs = await Promise.all(
      Array.from({ length: 20 }, (_, index) => client.livekit.join.mutate({ participantName: `P${index}`, roomName })),
    );
    expect(new Set(outputs.map((output) => output.roomSid)).size).toBe(1);
    expect(outputs.filter((output) => output.roomCreated)).toHaveLength(1);
    expect(new Set(outputs.map((output) => output.participantIdentity)).size).toBe(20);
  });

  it("rejects bad input with 400, BAD_REQUEST and field-level messages", async () => {
    const { response, body } = await join({ participantName: "Ada\u0007", roomName: "../../etc" });
    expect(response.status).toBe(400);
    expect(body.error?.data.code).toBe("BAD_REQUEST");
    expect(body.error?.data.fieldErrors?.participantName).toEqual(["Names cannot contain control characters"]);
    expect(body.error?.data.fieldErrors?.roomName).toEqual(["Room names are 1–64 letters, digits, '-' or '_'"]);
    expect(body.error?.message).toContain("participantName: Names cannot contain control characters");
    expectNoLeaks(JSON.stringify(body));
  });

  it("rejects malformed JSON with a 4xx JSON error", async () => {
    const response = await post('{"participantName": ');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const text = await response.text();
    expect(JSON.parse(text)).toHaveProperty("error.message");
    expectNoLeaks(text);
  });

  it("refuses GET on the mutation", async () => {
    const response = await fetch(`${endpoint}?input=${encodeURIComponent('{"participantName":"Ada"}')}`);
    expect(response.status).toBe(405);
  });

  it("never puts the secret or a stack in a response", async () => {
    const texts = await Promise.all([
      post('{"participantName":"Ada"}').then((r) => r.text()),
      post("not json").then((r) => r.text()),
      post('{"participantName":""}').then((r) => r.text()),
    ]);
    for (const text of texts) expectNoLeaks(text);
  });
});

describe("an /api path that nothing serves", () => {
  it("answers an /api path with no endpoint with a JSON 404, with a body or without", async () => {
    for (const response of [
      await post('{"participantName":"Ada"}', "application/json", `${appUrl}/api/nope`),
      await fetch(`${appUrl}/api/nope`),
    ]) {
      expect(response.status).toBe(404);
      // The one error shape every endpoint answers with (contract/errors.ts).
      const { error } = (await response.json()) as { error: unknown };
      expect(ErrorShape.parse(error)).toEqual({
        message: "There is no such API endpoint.",
        code: -32004,
        data: { code: "NOT_FOUND", httpStatus: 404, reason: "NO_SUCH_ENDPOINT", retryAfterSeconds: null, fieldErrors: null },
      });
    }
  });
});

describe("the app when LiveKit or its configuration is wrong", () => {
  const started: AppProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((app) => app.stop()));
  });

  it("refuses to start without a required setting, naming it and never printing the secret", async () => {
    const secret = `never-print-${randomBytes(12).toString("hex")}`;
    const error = await startApp({ LIVEKIT_URL: "not a url", LIVEKIT_API_KEY: "", LIVEKIT_API_SECRET: secret }).then(
      (app) => {
        started.push(app);
        return undefined;
      },
      (caught: Error) => caught,
    );
    expect(error?.message).toMatch(/exited with code 1/);
    expect(error?.message).toContain("LIVEKIT_URL must be a ws://");
    expect(error?.message).toContain("LIVEKIT_API_KEY is required");
    expect(error?.message).not.toContain(secret);
  });

  it("answers 503 with a clear, typed error within the bound when LiveKit is stopped, and recovers", async () => {
    const server = await startLiveKitServer();
    const app = await startApp(liveKitEnv(server));
    started.push(app);
    const url = `${app.url}/api/trpc/livekit.join`;
    const client = createNodeClient(app.url);
    expect((await client.livekit.join.mutate({ participantName: "Ada" })).roomCreated).toBe(true);

    await server.stop();
    const began = performance.now();
    const { response, body } = await join({ participantName: "Ada" }, url);
    expect(performance.now() - began).toBeLessThan(5_000);
    expect(response.status).toBe(503);
    expect(body.error?.data.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error?.data.reason).toBe("LIVEKIT_UNREACHABLE");
    expect(body.error?.message).toBe("The LiveKit server cannot be reached. Try again in a moment.");
    expect(JSON.stringify(body)).not.toContain(server.apiSecret);

    await server.restart();
    expect((await client.livekit.join.mutate({ participantName: "Ada" })).roomCreated).toBe(true);
    await server.stop();
    // One structured line per join, and never a token or the secret in the log.
    const log = app.output();
    expect(log).toMatch(/"event":"join","outcome":"ok"/);
    expect(log).toMatch(/"event":"join","outcome":"SERVICE_UNAVAILABLE"/);
    expect(log).not.toContain(server.apiSecret);
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // a JWT
  });
});
