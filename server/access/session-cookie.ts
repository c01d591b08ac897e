/**
 * The two cookies of sign-in, sealed (encrypted and signed) by iron-session
 * with a key derived from AUTH_SECRET:
 *  - the session: who signed in, as the identity provider said, for
 *    SESSION_TTL_SECONDS. Nothing is stored on the server, so any replica
 *    can read it, and a sign-out clears it from the browser.
 *  - the sign-in transaction: the PKCE verifier, state and nonce of one
 *    sign-in, for ten minutes, on /api/auth only.
 * Both are HttpOnly and SameSite=Lax, and Secure (with the __Host- prefix
 * for the session) when APP_URL is https.
 */
import "server-only";
import { parseCookie } from "cookie";
import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import type { AccessConfig, MembersAccess } from "../env";
import { cookiePassword } from "./keys";

export const SESSION_TTL_SECONDS = 12 * 60 * 60;
const SIGN_IN_TTL_SECONDS = 10 * 60;

/** A signed-in person, as the identity provider described them. */
export const SignedInPerson = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().max(320).optional(),
  emailVerified: z.boolean(),
  name: z.string().min(1).max(128),
});
export type SignedInPerson = z.infer<typeof SignedInPerson>;

export const SignInTransaction = z.object({
  codeVerifier: z.string().min(43),
  state: z.string().min(1),
  nonce: z.string().min(1),
  returnTo: z.string(),
});
export type SignInTransaction = z.infer<typeof SignInTransaction>;

export type CookieWrite = {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; secure: boolean; path: string; maxAge: number };
};

export function sessionCookieName(access: Pick<MembersAccess, "secureCookies">): string {
  return access.secureCookies ? "__Host-onb_session" : "onb_session";
}

const SIGN_IN_COOKIE = "onb_sign_in";

function cookieValue(cookieHeader: string | null, name: string): string | undefined {
  return cookieHeader ? parseCookie(cookieHeader)[name] : undefined;
}

async function unseal<T>(schema: z.ZodType<T>, seal: string | undefined, secret: string, ttl: number): Promise<T | undefined> {
  if (!seal) return undefined;
  try {
    // iron-session answers a bad or expired seal with an empty object.
    const parsed = schema.safeParse(await unsealData(seal, { password: cookiePassword(secret), ttl }));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the request carries a session cookie at all (valid or not): it is
 * then cookie-authenticated, and held to the stricter same-origin rule.
 * Never in open mode, which has no sessions.
 */
export function carriesSessionCookie(access: AccessConfig, headers: Pick<Headers, "get">): boolean {
  return access.mode === "members" && cookieValue(headers.get("cookie"), sessionCookieName(access)) !== undefined;
}

export function readSession(access: MembersAccess, cookieHeader: string | null): Promise<SignedInPerson | undefined> {
  return unseal(SignedInPerson, cookieValue(cookieHeader, sessionCookieName(access)), access.secret, SESSION_TTL_SECONDS);
}

export async function sessionCookie(access: MembersAccess, person: SignedInPerson): Promise<CookieWrite> {
  const value = await sealData(person, { password: cookiePassword(access.secret), ttl: SESSION_TTL_SECONDS });
  // The cookie ends a minute before its seal does, so a browser never sends one the server would refuse.
  return { name: sessionCookieName(access), value, options: cookieOptions(access, "/", SESSION_TTL_SECONDS - 60) };
}

export function clearedSessionCookie(access: MembersAccess): CookieWrite {
  return { name: sessionCookieName(access), value: "", options: cookieOptions(access, "/", 0) };
}

export function readSignIn(access: MembersAccess, cookieHeader: string | null): Promise<SignInTransaction | undefined> {
  return unseal(SignInTransaction, cookieValue(cookieHeader, SIGN_IN_COOKIE), access.secret, SIGN_IN_TTL_SECONDS);
}

export async function signInCookie(access: MembersAccess, transaction: SignInTransaction): Promise<CookieWrite> {
  const value = await sealData(transaction, { password: cookiePassword(access.secret), ttl: SIGN_IN_TTL_SECONDS });
  return { name: SIGN_IN_COOKIE, value, options: cookieOptions(access, "/api/auth", SIGN_IN_TTL_SECONDS) };
}

export function clearedSignInCookie(access: MembersAccess): CookieWrite {
  return { name: SIGN_IN_COOKIE, value: "", options: cookieOptions(access, "/api/auth", 0) };
}

function cookieOptions(access: MembersAccess, path: string, maxAge: number): CookieWrite["options"] {
  return { httpOnly: true, sameSite: "lax", secure: access.secureCookies, path, maxAge };
}
