/**
 * Content-Security-Policy for every page, per request: scripts only from this
 * origin with a per-request nonce (Next puts it on its own scripts), and
 * network connections only to this origin and the configured LiveKit server,
 * whose address is runtime configuration, so the policy cannot be static.
 * (The other security headers are static, in next.config.ts.)
 */
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/server/env";

/** The LiveKit origins the browser talks to: WebSocket signalling and its HTTP(S) validate call. */
function liveKitSources(): string {
  try {
    const url = new URL(getConfig().livekit.publicUrl);
    const secure = url.protocol === "wss:";
    return `${secure ? "wss" : "ws"}://${url.host} ${secure ? "https" : "http"}://${url.host}`;
  } catch {
    // A broken configuration is reported by the join; the page still gets a policy.
    return "";
  }
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // LiveKit's components position tiles with inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${liveKitSources()}`.trim(),
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
  return response;
}

export const config = {
  // Pages only: API responses are JSON, and static files need no nonce.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)" }],
};
