/**
 * The headers of every page that depend on runtime configuration, so they
 * cannot be static (the static ones are in next.config.ts):
 *  - Content-Security-Policy, per request: scripts only from this origin with
 *    a per-request nonce (Next puts it on its own scripts), and network
 *    connections only to this origin and the configured LiveKit server;
 *  - Strict-Transport-Security when APP_URL is https. Behind a TLS-terminating
 *    proxy the app itself sees plain http, so APP_URL, not the request, says
 *    whether browsers reach it over TLS. Browsers keep it for the whole host,
 *    so the pages (where every visit starts) are where it needs to be.
 */
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/server/env";

/** A year, as HSTS deployments usually ask; subdomains are the operator's to decide, so not included. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

/** The LiveKit origins the browser talks to: WebSocket signalling and its HTTP(S) validate call. */
function liveKitSources(): string {
  const url = new URL(getConfig().livekit.publicUrl);
  const secure = url.protocol === "wss:";
  return `${secure ? "wss" : "ws"}://${url.host} ${secure ? "https" : "http"}://${url.host}`;
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // LiveKit's components position tiles with inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${liveKitSources()}`,
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce);
  // Next reads the nonce from the request's policy and applies it to its scripts.
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  if (getConfig().http.appOrigin?.startsWith("https:")) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Pages only: API responses are JSON, and static files need no nonce.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)" }],
};
