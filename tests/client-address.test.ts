/**
 * The client key rate limits count on (server/http/client-address.ts), with
 * proxy-addr's semantics: with N trusted proxies, the N-th X-Forwarded-For
 * entry from the right; with none, one key for everyone.
 */
import { describe, expect, it } from "vitest";
import { clientKey, clientKeyOf, SHARED_CLIENT_KEY } from "@/server/http/client-address";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("the client key", () => {
  it("is shared by everyone when no proxy is trusted, whatever the headers say", () => {
    expect(clientKey(xff("203.0.113.1"), 0)).toBe(SHARED_CLIENT_KEY);
    expect(clientKey(new Headers(), 0)).toBe(SHARED_CLIENT_KEY);
  });

  it("is the entry each trusted proxy count points at, from the right", () => {
    const chain = xff("198.51.100.7, 203.0.113.9, 192.0.2.1");
    expect(clientKey(chain, 1)).toBe("192.0.2.1");
    expect(clientKey(chain, 2)).toBe("203.0.113.9");
    expect(clientKey(chain, 3)).toBe("198.51.100.7");
    // A chain shorter than the trusted hops skipped a proxy: the furthest address is all there is.
    expect(clientKey(chain, 5)).toBe("198.51.100.7");
  });

  it("reads an IPv4-mapped IPv6 address as IPv4, and IPv6 by its /64", () => {
    expect(clientKeyOf("::ffff:203.0.113.5")).toBe("203.0.113.5");
    expect(clientKeyOf("2001:db8:aaaa:bbbb:1:2:3:4")).toBe("2001:db8:aaaa:bbbb::/64");
    expect(clientKeyOf("2001:0db8:aaaa:bbbb::ffff")).toBe("2001:db8:aaaa:bbbb::/64");
    expect(clientKeyOf("2001:db8:aaaa:bbbc::1")).not.toBe(clientKeyOf("2001:db8:aaaa:bbbb::1"));
  });

  it("keeps what is not an address apart from real addresses, and bounded", () => {
    expect(clientKeyOf("not-an-ip")).toBe("unparsed:not-an-ip");
    expect(clientKeyOf("x".repeat(500)).length).toBeLessThan(80);
  });
});
