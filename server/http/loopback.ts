/**
 * What counts as this machine's loopback, decided once for the three places
 * that ask: the boot check (is the app exposed?), the cross-site check (is a
 * loopback page the app's own?) and open mode's per-request check.
 *
 * Loopback is `localhost` and any `*.localhost` name (RFC 6761 reserves them
 * for loopback, and browsers resolve them there), and any address in
 * 127.0.0.0/8 or ::1, in any notation ipaddr.js reads.
 */
import "server-only";
import ipaddr from "ipaddr.js";

export function isLoopbackHostname(hostname: string): boolean {
  const bare = hostname
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (bare === "localhost" || bare.endsWith(".localhost")) return true;
  return ipaddr.isValid(bare) && ipaddr.process(bare).range() === "loopback";
}

/** The host name in a Host header's value (`127.0.0.1:3000`, `[::1]:3000`, `localhost`). */
export function hostnameOfHost(host: string): string {
  const trimmed = host.trim();
  if (trimmed.startsWith("[")) return trimmed.slice(0, trimmed.indexOf("]") + 1);
  const colon = trimmed.lastIndexOf(":");
  // More than one colon without brackets is a bare IPv6 address, not host:port.
  return colon !== -1 && trimmed.indexOf(":") === colon ? trimmed.slice(0, colon) : trimmed;
}
