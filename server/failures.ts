/**
 * The domain's failures: what the policy, the use cases and the endpoints
 * throw when they refuse, each with a reason (contract/errors.ts) and words a
 * person can act on. They know nothing of HTTP or tRPC: server/errors.ts maps
 * them, in one place, to codes and to the one error shape.
 *
 * Anything else that is thrown (fetch, the LiveKit SDK, Node) is classified
 * here by `failureFrom`, so its raw message (which can carry URLs, hosts or
 * worse) never reaches a response.
 */
import "server-only";
import { TwirpError } from "livekit-server-sdk";
import type { FailureReason } from "@/contract/errors";

export class AppFailure extends Error {
  override readonly name = "AppFailure";
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly details: Readonly<{ retryAfterSeconds?: number; fieldErrors?: Record<string, string[]> }> = {},
  ) {
    super(message);
  }
}

export function rateLimited(retryAfterSeconds: number, what = "requests") {
  return new AppFailure("RATE_LIMITED", `Too many ${what} for now. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

export function crossSiteRefused(message: string) {
  return new AppFailure("CROSS_SITE_REQUEST", message);
}

export function signInRequired() {
  return new AppFailure("SIGN_IN_REQUIRED", "Sign in to start or join a session, or open the invite link you were sent.");
}

export function signInNotConfigured() {
  return new AppFailure("SIGN_IN_NOT_CONFIGURED", "Sign-in is not configured here: this app runs in open mode.");
}

export function serviceTokenRejected() {
  return new AppFailure("SERVICE_TOKEN_REJECTED", "This service token is not one this server knows (see ONBOARDING_SERVICE_TOKENS).");
}

/** Which domains count is the deployment's business: the refusal does not list them. */
export function notAMember(email: string | undefined) {
  const who = email ? `${email.slice(0, 320)} is` : "Your account is";
  return new AppFailure(
    "NOT_A_MEMBER",
    `${who} not a member here: only verified email addresses of this organisation can start sessions. Ask a member for an invite link.`,
  );
}

export function openModeLocalOnly(why: string) {
  return new AppFailure(
    "OPEN_MODE_LOCAL_ONLY",
    `This app runs without sign-in, so it serves only this machine, and this request ${why}. ` +
      "Configure sign-in (docs/access.md), or set ACCESS_MODE=open if serving everyone who can reach it is really meant (unsafe).",
  );
}

const INVITE_PROBLEMS = {
  invalid: [
    "INVITE_INVALID",
    "This invite link is not valid: it has been changed, or was not made here. Ask whoever sent it for a new one.",
  ],
  expired: ["INVITE_EXPIRED", "This invite link has expired. Ask whoever sent it for a new one."],
  "another-room": ["INVITE_WRONG_ROOM", "This invite link is for another session, not this one. Open the link exactly as it was sent."],
} as const satisfies Record<string, [FailureReason, string]>;

export function inviteRefused(problem: keyof typeof INVITE_PROBLEMS) {
  const [reason, message] = INVITE_PROBLEMS[problem];
  return new AppFailure(reason, message);
}

/** An invite's session is over, even if a room of the same name is live again: say who can send a new one. */
export function sessionEnded(invitedBy?: string) {
  return new AppFailure(
    "SESSION_ENDED",
    invitedBy
      ? `The session ${invitedBy} invited you to has ended, so its invite no longer works. Ask ${invitedBy} for a new link.`
      : "This session has ended. Ask a member to start a new one.",
  );
}

export function unknownContext(id: string) {
  return new AppFailure("UNKNOWN_CONTEXT", `There is no onboarding context called "${id}" here.`);
}

export function contextConflict(roomName: string, roomTitle: string | undefined) {
  const what = roomTitle ? `"${roomTitle}"` : "another context";
  return new AppFailure(
    "CONTEXT_CONFLICT",
    `Room ${roomName} is already onboarding people onto ${what}. Join it without naming a context, or start a new room.`,
  );
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function isTransportFailure(error: unknown): boolean {
  // undici reports refused, reset and unresolvable connections as a TypeError("fetch failed").
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

/**
 * Any thrown value as a failure: our own as they are, LiveKit's (while
 * talking to it within `timeoutMs`) by what went wrong, anything else as an
 * internal failure that says nothing of its cause.
 */
export function failureFrom(error: unknown, timeoutMs: number): AppFailure {
  if (error instanceof AppFailure) return error;
  if (isTimeout(error)) {
    return new AppFailure(
      "LIVEKIT_TIMEOUT",
      `The LiveKit server did not answer within ${(timeoutMs / 1000).toFixed(1)} s. Try again in a moment.`,
    );
  }
  if (isTransportFailure(error)) {
    return new AppFailure("LIVEKIT_UNREACHABLE", "The LiveKit server cannot be reached. Try again in a moment.");
  }
  if (error instanceof TwirpError) {
    if (error.status === 401 || error.status === 403) {
      return new AppFailure(
        "LIVEKIT_CREDENTIALS_REJECTED",
        "The LiveKit server rejected this server's API credentials (check LIVEKIT_API_KEY and LIVEKIT_API_SECRET).",
      );
    }
    if (error.status >= 500) {
      return new AppFailure("LIVEKIT_ERROR", "The LiveKit server failed to handle the request. Try again in a moment.");
    }
    return new AppFailure("LIVEKIT_REFUSED", "The room could not be prepared. Try again in a moment.");
  }
  return new AppFailure("INTERNAL", "Something went wrong on our side. Try again.");
}
