/**
 * Refusing cross-site requests to the endpoints that change state (tRPC
 * mutations and /api/token), so a page on another site cannot start sessions
 * in a visitor's name, nor reach an app that listens on their loopback.
 *
 * - `Sec-Fetch-Site: cross-site` is refused: every current browser sends it.
 * - An `Origin` must be the app's own (APP_URL) or listed in ALLOWED_ORIGINS.
 *   Without APP_URL (loopback use) the app's own origin is the request's own
 *   host, and only when that host is loopback: a DNS-rebinding page has a
 *   matching Host and Origin, but never a loopback name.
 * - No `Origin` at all passes: servers, scripts and curl send none, and
 *   browsers always send one on cross-origin POSTs.
 * - A request that carries the session cookie is stricter: it must come from
 *   the app's own page, by its `Origin` (exactly APP_URL's; ALLOWED_ORIGINS do
 *   not count) or by `Sec-Fetch-Site: same-origin`; one with neither is
 *   refused, because the cookie is what a forged request would be borrowing. SameSite=Lax
 *   already keeps the cookie off other sites' POSTs; this holds even where it
 *   would not (an old browser, a sibling subdomain).
 *
 * @see https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Sec-Fetch-Site
 */
import "server-only";
import type { AppConfig } from "../env";
import { isLoopbackHostname } from "./loopback";

function sameLoopbackHost(origin: string, host: string | null): boolean {
  try {
    const url = new URL(origin);
    return host !== null && url.host === host && isLoopbackHostname(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Why this request may not change state here, in words for the caller;
 * undefined when it may. `withSessionCookie`: the request is cookie-authenticated.
 */
export function crossSiteProblem(headers: Pick<Headers, "get">, http: AppConfig["http"], withSessionCookie = false): string | undefined {
  const refusal = "Requests from other sites cannot start or join sessions here.";
  if (headers.get("sec-fetch-site") === "cross-site") return refusal;
  const origin = headers.get("origin");
  if (withSessionCookie) {
    // A browser's own word that this came from the app's page (scripts cannot set Sec-Fetch-Site). Forms need
    // it: under our Referrer-Policy (no-referrer) a browser sends a form's Origin as "null".
    const fromOwnPage = origin === http.appOrigin || headers.get("sec-fetch-site") === "same-origin";
    return fromOwnPage ? undefined : "Signed-in requests are accepted from this app's own pages only. Open the app itself and try again.";
  }
  if (origin === null) return undefined;
  if (origin === http.appOrigin || http.allowedOrigins.includes(origin)) return undefined;
  if (http.appOrigin === undefined && sameLoopbackHost(origin, headers.get("host"))) return undefined;
  return `${refusal} (Origin ${origin.slice(0, 200)} is not this app's; an operator can allow it with ALLOWED_ORIGINS.)`;
}
