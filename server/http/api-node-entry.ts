/**
 * The /api endpoints for node:http, bundled on its own (scripts/build-api.mjs)
 * so that scripts/serve.mjs can answer them without Next's request pipeline.
 *
 * Why: measured on the benchmark machine (2 cores), Next's own per-request
 * cost caps any route, even a static file, at about 500 requests/s, while a
 * plain node:http server doing a createRoom RPC per join reaches 1,260. The
 * handlers are the same ones the Next route files use; only the transport
 * differs. Pages go to `next start` in a child process (see serve.mjs for why
 * not in this one).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleApiRequest } from "./api";
import { serveTrpcMutation } from "./trpc-node-mutation";

// Above every endpoint's own limit, so each still answers an oversized body in its own words.
const MAX_BODY_BYTES = 64 * 1024 + 1;

/**
 * The body as one buffer, read with Node's streams (measurably cheaper than a
 * web stream per request), stopping one byte past the limit: the endpoint's
 * own bounded reader then sees "too large" and answers 413.
 */
async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) break;
  }
  return Buffer.concat(chunks);
}

function noSuchEndpoint(): Response {
  return Response.json({ error: { code: "NOT_FOUND", message: "There is no such API endpoint." } }, { status: 404 });
}

function toRequest(incoming: IncomingMessage, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Request(`http://${incoming.headers.host ?? "localhost"}${incoming.url ?? "/"}`, {
    method: incoming.method ?? "GET",
    headers,
    body: body as unknown as BodyInit | undefined,
  });
}

/** Serves an /api request and returns true, or returns false for any other path (left to Next's pages). */
export async function serveApi(incoming: IncomingMessage, outgoing: ServerResponse): Promise<boolean> {
  if (!incoming.url?.startsWith("/api/")) return false;
  const body = incoming.method === "GET" || incoming.method === "HEAD" ? undefined : await readBody(incoming);
  // Joins take the short way; everything else goes through the same fetch handlers as under Next.
  if (body && body.length < MAX_BODY_BYTES && (await serveTrpcMutation(incoming, outgoing, body))) return true;
  // Answered here even when no endpoint matches: the body has been read, so it could not be handed on.
  const response = (await handleApiRequest(toRequest(incoming, body))) ?? noSuchEndpoint();
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => outgoing.setHeader(name, value));
  outgoing.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
  return true;
}
