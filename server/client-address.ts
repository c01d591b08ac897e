/**
 * Which address a request comes from, for per-client limits.
 *
 * Never the leftmost X-Forwarded-For entry: a client writes that itself. The
 * chain of addresses a request has passed through is the X-Forwarded-For
 * entries followed by the TCP peer (recorded by scripts/serve.mjs). With
 * TRUSTED_PROXY_HOPS = N, the last N entries are our own proxies, so the client
 * is the entry just before them; with N = 0 (no proxy) it is the peer itself.
 */
import "server-only";

export const PEER_ADDRESS_HEADER = "x-onboarding-peer-address";

export function clientAddress(headers: Pick<Headers, "get">, trustedProxyHops: number): string {
  const peer = headers.get(PEER_ADDRESS_HEADER)?.trim() || "unknown-peer";
  if (trustedProxyHops === 0) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  // Fewer entries than trusted hops: the request skipped a proxy; the oldest address is all we have.
  return chain[Math.max(0, chain.length - 1 - trustedProxyHops)]!;
}
