/**
 * Signing in and out (see server/access/oidc.ts and session-cookie.ts):
 *  - GET  /api/auth/signin?returnTo=/…   starts a sign-in at the provider;
 *  - GET  /api/auth/callback/oidc        where the provider sends the browser back;
 *  - POST /api/auth/signout              ends the session (same-origin only).
 * Every failure lands on the landing page with a `signin` code the page
 * explains; the provider's own error text and the cause stay in the log.
 * Without sign-in configured (open mode) they answer 404. Their refusals come
 * in the one error shape (contract/errors.ts).
 */
import "server-only";
import { NextResponse } from "next/server";
import { RoomName } from "@/contract/join";
import type { SignInProblem } from "@/contract/sign-in";
import { beginSignIn, finishSignIn, isProviderRefusal } from "../access/oidc";
import {
  type CookieWrite,
  clearedSessionCookie,
  clearedSignInCookie,
  readSignIn,
  sessionCookie,
  signInCookie,
} from "../access/session-cookie";
import { type AppConfig, getConfig, type MembersAccess } from "../env";
import { errorResponse } from "../errors";
import { crossSiteRefused, signInNotConfigured } from "../failures";
import { logger } from "../logger";
import { crossSiteProblem } from "./cross-site";

function membersAccess(): { access: MembersAccess; http: AppConfig["http"] } | Response {
  const { access, http } = getConfig();
  if (access.mode !== "members") return errorResponse(signInNotConfigured());
  return { access, http };
}

/** Only this app's own pages are places to return to after signing in: never another site. */
function safeReturnTo(value: string | null): string {
  if (value === "/" || value === null) return "/";
  const room = /^\/rooms\/([^/?#]+)$/.exec(value)?.[1];
  return room && RoomName.safeParse(room).success ? `/rooms/${room}` : "/";
}

/** A 303 to a path of this app, or to an absolute URL (the provider), setting these cookies. */
function redirect(access: MembersAccess, target: string, cookies: CookieWrite[]): NextResponse {
  const response = NextResponse.redirect(new URL(target, access.appUrl), 303);
  response.headers.set("cache-control", "no-store");
  for (const cookie of cookies) response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

function landingWith(access: MembersAccess, problem: SignInProblem): NextResponse {
  return redirect(access, `/?signin=${problem}`, [clearedSignInCookie(access)]);
}

function errorName(error: unknown) {
  return error instanceof Error ? { name: error.name, code: (error as { code?: unknown }).code } : { type: typeof error };
}

export async function handleSignIn(request: Request): Promise<Response> {
  const resolved = membersAccess();
  if (resolved instanceof Response) return resolved;
  const { access } = resolved;
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get("returnTo"));
  try {
    const { url, transaction } = await beginSignIn(access, returnTo);
    return redirect(access, url.href, [await signInCookie(access, transaction)]);
  } catch (error) {
    logger.warn(
      { event: "sign-in", outcome: "provider-unreachable", cause: errorName(error) },
      "the identity provider could not be reached",
    );
    return landingWith(access, "unavailable");
  }
}

export async function handleCallback(request: Request): Promise<Response> {
  const resolved = membersAccess();
  if (resolved instanceof Response) return resolved;
  const { access } = resolved;
  const transaction = await readSignIn(access, request.headers.get("cookie"));
  if (!transaction) {
    logger.info({ event: "sign-in", outcome: "no-transaction" }, "a sign-in callback came without its sign-in cookie");
    return landingWith(access, "expired");
  }
  try {
    const person = await finishSignIn(access, new URL(request.url).search, transaction);
    logger.info({ event: "sign-in", outcome: "ok", emailVerified: person.emailVerified }, "signed in");
    return redirect(access, transaction.returnTo, [clearedSignInCookie(access), await sessionCookie(access, person)]);
  } catch (error) {
    const refused = isProviderRefusal(error);
    logger.warn({ event: "sign-in", outcome: refused ? "refused" : "failed", cause: errorName(error) }, "sign-in did not complete");
    return landingWith(access, refused ? "denied" : "failed");
  }
}

export async function handleSignOut(request: Request): Promise<Response> {
  const resolved = membersAccess();
  if (resolved instanceof Response) return resolved;
  const { access, http } = resolved;
  // Signing someone out is a state change too: only this app's own pages may ask.
  const problem = crossSiteProblem(request.headers, http, true);
  if (problem) return errorResponse(crossSiteRefused(problem));
  return redirect(access, "/", [clearedSessionCookie(access)]);
}
