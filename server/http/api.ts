/**
 * Every /api endpoint, as plain fetch-style handlers: the Next route files
 * call these, and so does scripts/serve.mjs directly (see api-node-entry.ts).
 */
import "server-only";
import { handleHealthRequest } from "./health-endpoint";
import { handleTokenRequest } from "./token-endpoint";
import { handleTrpcRequest } from "./trpc-endpoint";

/** The response for an /api request, or undefined for any other path. */
export async function handleApiRequest(request: Request): Promise<Response | undefined> {
  const { pathname } = new URL(request.url);
  if (pathname.startsWith("/api/trpc/")) return handleTrpcRequest(request);
  if (pathname === "/api/token") {
    return request.method === "POST" ? handleTokenRequest(request) : new Response(null, { status: 405, headers: { allow: "POST" } });
  }
  if (pathname === "/api/health") {
    return request.method === "GET" || request.method === "HEAD"
      ? handleHealthRequest(request)
      : new Response(null, { status: 405, headers: { allow: "GET, HEAD" } });
  }
  return undefined;
}
