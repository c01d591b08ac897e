/**
 * Invites the app did not sign, for the tests of refusals: an invite's claims
 * re-signed with other times (an expired one) or tampered with. The format is
 * docs/access.md's (HS256 with HKDF-SHA256(AUTH_SECRET, "onboarding-rooms",
 * "invite v1")); if the app's drifted from it, an "expired" invite made here
 * would be refused as invalid instead, and its test would say so.
 */
import { hkdfSync } from "node:crypto";
import { decodeJwt, SignJWT } from "jose";

export async function resignedInvite(authSecret: string, genuine: string, times: { issuedAt: number; expiresAt: number }) {
  const claims = decodeJwt(genuine);
  const key = new Uint8Array(hkdfSync("sha256", authSecret, "onboarding-rooms", "invite v1", 32));
  return new SignJWT({ ...claims, iat: times.issuedAt, exp: times.expiresAt }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key);
}

/** The invite with one character of its signature changed. */
export function tampered(invite: string): string {
  const last = invite.at(-2) === "A" ? "B" : "A";
  return `${invite.slice(0, -2)}${last}${invite.at(-1)}`;
}
