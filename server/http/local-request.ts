/**
 * Whether a request came from this machine, as far as its headers can tell:
 * what undeclared open mode serves (server/access/policy.ts).
 *
 * Two signs say it did not:
 *  - its Host is not a loopback name (a reverse proxy that passes the public
 *    Host through, or a DNS-rebinding page);
 *  - forwarding headers that point beyond this machine (a proxy in front).
 * Next's own server fills in X-Forwarded-Host, -Port, -Proto and -For from
 * the connection when a request has none, so those count only when they name
 * something other than loopback over plain http. Forwarded, X-Real-IP and Via
 * are only ever written by proxies.
 *
 * A proxy that rewrites Host to loopback and adds no forwarding header leaves
 * no sign; docs/access.md says so, and that such a setup needs sign-in.
 */
import "server-only";
import { hostnameOfHost, isLoopbackHostname } from "./loopback";

const PROXY_ONLY_HEADERS = ["forwarded", "x-real-ip", "via"] as const;

function quoted(value: string): string {
  return JSON.stringify(value.slice(0, 100));
}

/** Why this request does not look local, in words for the refusal; undefined when it does. */
export function whyNotLocal(headers: Pick<Headers, "get">): string | undefined {
  const host = headers.get("host");
  if (host !== null && !isLoopbackHostname(hostnameOfHost(host))) return `was addressed to ${quoted(host)}`;
  for (const name of PROXY_ONLY_HEADERS) {
    if (headers.get(name) !== null) return `came through a proxy (it carries ${name})`;
  }
  const forwardedHost = headers.get("x-forwarded-host");
  if (forwardedHost !== null && !isLoopbackHostname(hostnameOfHost(forwardedHost.split(",")[0] ?? ""))) {
    return `came through a proxy for ${quoted(forwardedHost)}`;
  }
  const forwardedFor = headers.get("x-forwarded-for");
  if (forwardedFor !== null && !forwardedFor.split(",").every((entry) => isLoopbackHostname(entry))) {
    return `came through a proxy (X-Forwarded-For is ${quoted(forwardedFor)})`;
  }
  const proto = headers.get("x-forwarded-proto");
  if (proto !== null && proto.trim().toLowerCase() !== "http") return "came through a TLS-terminating proxy";
  return undefined;
}
