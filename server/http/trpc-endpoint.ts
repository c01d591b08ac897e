/**
 * The tRPC endpoint (/api/trpc), through tRPC's fetch adapter, as the route
 * file app/api/trpc/[trpc]/route.ts serves it. Plain JSON on the wire (no
 * transformer), so `curl -H 'content-type: application/json' -d
 * '{"participantName":"Ada"}' …/api/trpc/livekit.join` works.
 *
 * Bounded: a body over MAX_BODY_BYTES is refused with 413 (declared or
 * streamed), and a batch may hold at most MAX_BATCH_SIZE calls.
 *
 * Mutations change state, so they take `application/json` only (the
 * CORS-simple types a cross-site form can send are refused before any
 * procedure runs) and come from this app's own pages (see cross-site.ts).
 *
 * Every call's actor comes from its credentials (server/access/actor.ts).
 *
 * @see https://trpc.io/docs/server/adapters/fetch
 */
import "server-only";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { actorFromHeaders } from "../access/actor";
import { carriesSessionCookie } from "../access/session-cookie";
import { getConfig } from "../env";
import { countEarlyRefusal } from "../metrics";
import { errorResponse, reasonOf, retryAfterOf, toTRPCError } from "../errors";
import { AppFailure, crossSiteRefused } from "../failures";
import { appRouter } from "../routers/_app";
import { createTRPCContext } from "../trpc";
import { crossSiteProblem } from "./cross-site";
import { readBodyText } from "./json-body";

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_BATCH_SIZE = 10;

function isJson(contentType: string | null): boolean {
  return contentType?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}

/**
 * The request with its body bounded, or the 413 response in tRPC's error
 * shape. A declared length within the limit is bound enough: HTTP framing
 * delivers no more than it declares. A body without one (chunked) is read
 * here within the limit and handed on as a new Request.
 */
async function bounded(request: Request): Promise<Request | Response> {
  if (request.method !== "POST") return request;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) <= MAX_BODY_BYTES) return request;
  const body = await readBodyText(request, MAX_BODY_BYTES);
  // The rest of the body was never read: this connection cannot carry another request.
  if (!body.ok) return refusedEarly(new AppFailure("PAYLOAD_TOO_LARGE", body.message), { connection: "close" });
  return new Request(request.url, { method: "POST", headers: request.headers, body: body.text });
}

/** Refused before any procedure runs: counted here, since no procedure will count it. */
function refusedEarly(failure: AppFailure, headers?: Record<string, string>): Response {
  countEarlyRefusal(failure.reason);
  return errorResponse(failure, headers);
}

export async function handleTrpcRequest(incoming: Request): Promise<Response> {
  const request = await bounded(incoming);
  if (request instanceof Response) return request;
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: async ({ info }) => {
      const { access, http } = getConfig();
      if (info.type === "mutation") {
        if (!isJson(request.headers.get("content-type"))) {
          throw toTRPCError(new AppFailure("UNSUPPORTED_MEDIA_TYPE", "Send mutations as JSON with Content-Type: application/json."));
        }
        const problem = crossSiteProblem(request.headers, http, carriesSessionCookie(access, request.headers));
        if (problem) throw toTRPCError(crossSiteRefused(problem));
      }
      const actor = await actorFromHeaders(request.headers, access);
      return createTRPCContext({ headers: request.headers, actor });
    },
    // Refused before a context existed (tRPC's own content-type check, a cross-site form): no procedure counts those.
    onError({ error, ctx }) {
      if (ctx !== undefined) return;
      const typed = toTRPCError(error);
      if (getHTTPStatusCodeFromError(typed) < 500) countEarlyRefusal(reasonOf(typed));
    },
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
