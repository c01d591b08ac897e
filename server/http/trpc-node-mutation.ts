/**
 * A single tRPC mutation served straight from node:http, for the production
 * server (scripts/serve.mjs → api-node-entry.ts).
 *
 * Why: tRPC's fetch adapter needs a web Request and builds a web Response. On
 * Node 20 each carries undici objects and web streams, and under load those
 * were about a third of a join's CPU (profiled: Request/ReadableStream
 * construction, body reads through stream readers, abort-signal plumbing).
 * For the one shape that carries nearly all traffic, an unbatched JSON
 * mutation, this calls the same procedure with tRPC's own pieces (procedure
 * lookup, error shape, status code, response envelope) and writes the answer
 * itself. Everything else (batches, queries, other content types, a body that
 * is not JSON, an unknown path) is declined and goes to the fetch adapter,
 * which answers it in tRPC's words. tests/trpc-node-mutation.test.ts proves
 * both paths give the same answers.
 */
import "server-only";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import {
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";
import { retryAfterOf } from "../errors";
import { appRouter } from "../routers/_app";
import { createTRPCContext, type RequestHeaders } from "../trpc";
import { relabelledContentType } from "./trpc-endpoint";

const PREFIX = "/api/trpc/";
// Plain procedure paths only: anything encoded or batched is the fetch adapter's to decode.
const PLAIN_PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

export type NodeRequest = { method?: string | undefined; url?: string | undefined; headers: IncomingHttpHeaders };

/** Node's header record behind the one method the context reads. */
function nodeHeaders(headers: IncomingHttpHeaders): RequestHeaders {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    },
  };
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8")) };
  } catch {
    return { ok: false };
  }
}

/**
 * Answers the request and returns true when it is an unbatched JSON mutation
 * with a JSON body (already read, within the endpoint's limit); otherwise
 * returns false without touching the response.
 */
export async function serveTrpcMutation(request: NodeRequest, response: ServerResponse, body: Buffer): Promise<boolean> {
  const url = request.url ?? "";
  if (request.method !== "POST" || !url.startsWith(PREFIX)) return false;
  const path = url.slice(PREFIX.length);
  if (!PLAIN_PATH.test(path)) return false;
  const headers = nodeHeaders(request.headers);
  // tRPC's own test: the media type, case and parameters aside.
  if (relabelledContentType(headers)?.toLowerCase().split(";", 1)[0]?.trim() !== "application/json") return false;
  // Streaming responses (jsonl) are the fetch adapter's.
  if (headers.get("trpc-accept") !== null || headers.get("accept")?.includes("application/jsonl")) return false;
  const procedure = await getProcedureAtPath(appRouter, path);
  if (!procedure || procedure._def.type !== "mutation") return false;
  const input = parseJson(body);
  if (!input.ok) return false;

  const config = appRouter._def._config;
  const ctx = createTRPCContext({ headers });
  let envelope;
  let retryAfter: number | undefined;
  try {
    const data = await procedure({ path, ctx, type: "mutation", getRawInput: async () => input.value, signal: undefined, batchIndex: 0 });
    envelope = { result: { data } };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    retryAfter = retryAfterOf(error);
    envelope = { error: getErrorShape({ config, ctx, error, input: input.value, path, type: "mutation" }) };
  }
  const responseHeaders: Record<string, string> = { vary: "trpc-accept, accept", "content-type": "application/json" };
  if (retryAfter !== undefined) responseHeaders["retry-after"] = String(retryAfter);
  response.writeHead(getHTTPStatusCode([envelope]), responseHeaders);
  response.end(JSON.stringify(transformTRPCResponse(config, envelope)));
  return true;
}
