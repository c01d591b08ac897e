/**
 * The production server answers unbatched JSON mutations itself
 * (server/http/trpc-node-mutation.ts) and leaves everything else to tRPC's
 * fetch adapter. Here the same requests go to both, against the real
 * livekit-server, and the answers must match: status, headers that matter,
 * and body (random fields aside). Requests the short path must not take are
 * shown to be declined.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";

const livekit = inject("livekit");
vi.stubEnv("LIVEKIT_URL", livekit.url);
vi.stubEnv("LIVEKIT_API_KEY", livekit.apiKey);
vi.stubEnv("LIVEKIT_API_SECRET", livekit.apiSecret);
vi.stubEnv("LOG_LEVEL", "silent");
vi.stubEnv("RATE_LIMIT_JOINS", "40");
vi.stubEnv(
  "ONBOARDING_CONTEXTS",
  JSON.stringify({ default: "web", contexts: { web: { title: "Web app", repoRoot: "/srv/web" }, infra: { title: "Infrastructure", repoRoot: "/srv/infra" } } }),
);
vi.stubEnv("ONBOARDING_CONTEXTS_FILE", "");
vi.stubEnv("ONBOARDING_REPO_ROOT", "");

// Imported after the environment is set: the configuration is read once.
const { handleTrpcRequest } = await import("@/server/http/trpc-endpoint");
const { serveTrpcMutation } = await import("@/server/http/trpc-node-mutation");

const DECLINED = 599;
let server: Server;
let base: string;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => resolve(Buffer.concat(chunks)));
  });
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await readBody(request);
    if (!(await serveTrpcMutation(request, response, body))) response.writeHead(DECLINED).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  vi.unstubAllEnvs();
});

type Sent = { path: string; body?: string; contentType?: string; headers?: Record<string, string>; method?: string };
type Answer = { status: number; contentType: string | null; vary: string | null; retryAfter: string | null; body: unknown };

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    vary: response.headers.get("vary"),
    retryAfter: response.headers.get("retry-after"),
    body: text ? JSON.parse(text) : null,
  };
}

function init(sent: Sent): RequestInit {
  return {
    method: sent.method ?? "POST",
    headers: { "content-type": sent.contentType ?? "application/json", ...sent.headers },
    body: sent.body,
  };
}

const viaNode = async (sent: Sent) => answer(await fetch(`${base}${sent.path}`, init(sent)));
const viaFetchAdapter = async (sent: Sent) => answer(await handleTrpcRequest(new Request(`http://app.test${sent.path}`, init(sent))));

/** What differs between two good joins by design: fresh identities, tokens and times. */
function withoutRandomness(body: unknown) {
  const data = (body as { result: { data: Record<string, unknown> } }).result.data;
  const { participantToken, participantIdentity, expiresAt, roomSid, roomName, ...rest } = data;
  return {
    result: {
      data: {
        ...rest,
        participantToken: typeof participantToken,
        participantIdentity: typeof participantIdentity,
        expiresAt: typeof expiresAt,
        roomSid: typeof roomSid,
        roomName: typeof roomName,
      },
    },
  };
}

const join = (input: unknown, extra: Partial<Sent> = {}): Sent => ({ path: "/api/trpc/livekit.join", body: JSON.stringify(input), ...extra });
const room = () => `diff-${randomBytes(6).toString("hex")}`;

describe("the node:http path for single mutations answers as tRPC's fetch adapter does", () => {
  it("a good join: same status, headers and shape", async () => {
    const node = await viaNode(join({ participantName: "Ada", roomName: room() }));
    const adapter = await viaFetchAdapter(join({ participantName: "Ada", roomName: room() }));
    expect(node.status).toBe(200);
    expect({ ...node, body: withoutRandomness(node.body) }).toEqual({ ...adapter, body: withoutRandomness(adapter.body) });
    expect((node.body as { result: { data: { roomCreated: boolean } } }).result.data.roomCreated).toBe(true);
  });

  it("curl's form content type is read as JSON by both", async () => {
    const sent = (name: string) => join({ participantName: "Grace", roomName: name }, { contentType: "application/x-www-form-urlencoded" });
    const node = await viaNode(sent(room()));
    const adapter = await viaFetchAdapter(sent(room()));
    expect(node.status).toBe(200);
    expect(withoutRandomness(node.body)).toEqual(withoutRandomness(adapter.body));
  });

  it.each([
    ["an empty name", { participantName: "" }],
    ["a wrong type", { participantName: 42 }],
    ["a bad room name", { participantName: "Ada", roomName: "../etc/passwd" }],
    ["an unknown field", { participantName: "Ada", admin: true }],
    ["an unknown context", { participantName: "Ada", context: "nope" }],
    ["a JSON array", [1, 2]],
    ["JSON null", null],
  ])("%s: the same error, word for word", async (_label, input) => {
    const node = await viaNode(join(input));
    const adapter = await viaFetchAdapter(join(input));
    expect(node.status).toBeGreaterThanOrEqual(400);
    expect(node.status).toBeLessThan(500);
    expect(node).toEqual(adapter);
  });

  it("another context for a live room: the same 409", async () => {
    const name = room();
    expect((await viaNode(join({ participantName: "Ada", roomName: name, context: "web" }))).status).toBe(200);
    const input = { participantName: "Ada", roomName: name, context: "infra" };
    const node = await viaNode(join(input));
    expect(node.status).toBe(409);
    expect(node).toEqual(await viaFetchAdapter(join(input)));
  });

  it("over the rate limit: the same 429, reason and Retry-After", async () => {
    // 40 joins per window per client address, shared by both paths; earlier tests spent some.
    let node = await viaNode(join({ participantName: "Ada", roomName: room() }));
    for (let spent = 1; node.status !== 429 && spent <= 40; spent += 1) node = await viaNode(join({ participantName: "Ada", roomName: room() }));
    const adapter = await viaFetchAdapter(join({ participantName: "Ada", roomName: room() }));
    expect(node.status).toBe(429);
    expect(node.retryAfter).toMatch(/^\d+$/);
    expect((node.body as { error: { data: { reason: string } } }).error.data.reason).toBe("RATE_LIMITED");
    // Retry-After counts down; it may have crossed a second between the two.
    const seconds = (answer: Answer) => Number(answer.retryAfter);
    expect(Math.abs(seconds(node) - seconds(adapter))).toBeLessThanOrEqual(1);
    const strip = (a: Answer) => ({ ...a, retryAfter: null, body: JSON.stringify(a.body).replace(/"retryAfterSeconds":\d+/, "") });
    expect(strip(node)).toEqual(strip(adapter));
  });

  it.each<[string, Sent]>([
    ["a batch", { path: "/api/trpc/livekit.join?batch=1", body: JSON.stringify({ 0: { participantName: "Ada" } }) }],
    ["a query", { path: "/api/trpc/onboarding.contexts", method: "GET" }],
    ["a query sent as POST", { path: "/api/trpc/onboarding.contexts", body: "{}" }],
    ["an unknown procedure", { path: "/api/trpc/livekit.nope", body: "{}" }],
    ["an encoded path", { path: "/api/trpc/livekit%2Ejoin", body: JSON.stringify({ participantName: "Ada" }) }],
    ["a body that is not JSON", { path: "/api/trpc/livekit.join", body: "{participantName" }],
    ["an empty body", { path: "/api/trpc/livekit.join", body: "" }],
    ["text/plain", { path: "/api/trpc/livekit.join", body: JSON.stringify({ participantName: "Ada" }), contentType: "text/plain" }],
    ["a streaming client", { path: "/api/trpc/livekit.join", body: JSON.stringify({ participantName: "Ada" }), headers: { "trpc-accept": "application/jsonl" } }],
  ])("%s is left to the fetch adapter", async (_label, sent) => {
    expect((await viaNode(sent)).status).toBe(DECLINED);
  });
});
