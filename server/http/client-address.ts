/**
 * Which client a request comes from, for per-client limits.
 *
 * A route handler cannot see the socket peer, only headers, and a client can
 * write any header it likes. So the answer depends on what the deployment
 * says it trusts (TRUSTED_PROXY_HOPS), with proxy-addr's semantics
 * (https://github.com/jshttp/proxy-addr): each trusted proxy appends the
 * address it received the request from to X-Forwarded-For, so with N trusted
 * hops the client is the N-th entry from the right. Entries further left were
 * written by the client and count for nothing. A chain shorter than N means
 * the request skipped a proxy; the furthest address is then all there is.
 *
 * With no trusted proxy no header counts at all, and every request shares one
 * key: one budget for everyone. That is right on loopback (one person, or a
 * test) and wrong when exposed, which the app warns about at boot.
 *
 * IPv6 clients are keyed by their /64, the block one subscriber usually holds,
 * so rotating through it buys no extra budget.
 */
import "server-only";
import ipaddr from "ipaddr.js";

/** The key every request shares when no proxy is trusted. */
export const SHARED_CLIENT_KEY = "all-clients";

/** A rate-limit key for one address: IPv4 as is, IPv6 by its /64, anything unparseable as itself. */
export function clientKeyOf(address: string): string {
  if (!ipaddr.isValid(address)) return `unparsed:${address.slice(0, 64)}`;
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 becomes IPv4
  if (parsed.kind() === "ipv4") return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${ipaddr.IPv6.parse(`${parts.map((part) => part.toString(16)).join(":")}::`).toString()}/64`;
}

export function clientKey(headers: Pick<Headers, "get">, trustedProxyHops: number): string {
  if (trustedProxyHops === 0) return SHARED_CLIENT_KEY;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const client = chain[Math.max(0, chain.length - trustedProxyHops)];
  return client === undefined ? SHARED_CLIENT_KEY : clientKeyOf(client);
}
