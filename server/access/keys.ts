/**
 * The keys AUTH_SECRET stands for. Each use gets its own key, derived with
 * HKDF, so an invite can never be replayed as a session cookie or the other
 * way round, and rotating AUTH_SECRET ends both sessions and invites.
 */
import "server-only";
import { hkdfSync } from "node:crypto";

function derive(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "onboarding-rooms", purpose, 32));
}

/** The key invites are signed with (HS256). */
export function inviteKey(secret: string): Uint8Array {
  return new Uint8Array(derive(secret, "invite v1"));
}

/** The password iron-session seals the session and sign-in cookies with. */
export function cookiePassword(secret: string): string {
  return derive(secret, "cookie v1").toString("base64url");
}
