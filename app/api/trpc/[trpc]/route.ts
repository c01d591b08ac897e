/**
 * The tRPC fetch-adapter endpoint. Plain JSON on the wire (no transformer), so
 * `curl -X POST /api/trpc/livekit.join -d '{"participantName":"Ada"}'` works.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/routers/_app";
import { createTRPCContext } from "@/server/trpc";

export const dynamic = "force-dynamic";

/**
 * `curl -d` labels a JSON body as a form. tRPC only reads JSON, so such a body
 * is relabelled rather than refused; it is still parsed (and validated) as JSON.
 */
function acceptCurlStyleJson(request: Request): Request {
  const type = request.headers.get("content-type") ?? "";
  if (request.method !== "POST" || !type.startsWith("application/x-www-form-urlencoded")) return request;
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  return new Request(request, { headers, duplex: "half" } as RequestInit);
}

function handler(incoming: Request) {
  const request = acceptCurlStyleJson(incoming);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: request.headers }),
  });
}

export { handler as GET, handler as POST };
