/**
 * The tRPC fetch-adapter endpoint (/api/trpc). Plain JSON on the wire (no
 * transformer), so `curl -X POST /api/trpc/livekit.join -d '{"participantName":"Ada"}'` works.
 *
 * Bounded: bodies over 64 KiB get 413 (scripts/serve.mjs refuses declared
 * lengths earlier still), and a batch may hold at most 10 calls.
 */
import "server-only";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { retryAfterOf } from "../errors";
import { appRouter } from "../routers/_app";
import { createTRPCContext, type RequestHeaders } from "../trpc";
import { readBodyText } from "./json-body";

const MAX_BODY_BYTES = 64 * 1024;
const MAX_BATCH_SIZE = 10;

/**
 * `curl -d` labels a JSON body as a form. tRPC only reads JSON, so such a body
 * is relabelled rather than refused; it is still parsed (and validated) as JSON.
 */
export function relabelledContentType(headers: RequestHeaders): string | null {
  const type = headers.get("content-type");
  return type?.startsWith("application/x-www-form-urlencoded") ? "application/json" : type;
}

/** The body read within the limit, as a new Request; or the 413 response, in tRPC's error shape. */
async function bounded(request: Request): Promise<Request | Response> {
  if (request.method !== "POST") return request;
  const body = await readBodyText(request, MAX_BODY_BYTES);
  if (!body.ok) {
    return Response.json(
      { error: { message: body.message, code: -32413, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413, reason: null } } },
      // The rest of the body was never read: this connection cannot carry another request.
      { status: 413, headers: { connection: "close" } },
    );
  }
  const headers = new Headers(request.headers);
  const type = relabelledContentType(request.headers);
  if (type) headers.set("content-type", type);
  return new Request(request.url, { method: "POST", headers, body: body.text });
}

export async function handleTrpcRequest(incoming: Request): Promise<Response> {
  const request = await bounded(incoming);
  if (request instanceof Response) return request;
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: () => createTRPCContext({ headers: request.headers }),
    responseMeta({ errors }) {
      const retryAfter = errors.map(retryAfterOf).find((seconds) => seconds !== undefined);
      return retryAfter === undefined ? {} : { headers: new Headers({ "retry-after": String(retryAfter) }) };
    },
  });
  // tRPC answers some early refusals (an unsupported content type, an oversized
  // batch) with a JSON body but no JSON content type; label them for clients.
  if (!response.headers.get("content-type")?.includes("json") && response.body) {
    const headers = new Headers(response.headers);
    headers.set("content-type", "application/json");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
  return response;
}
