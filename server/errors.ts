/**
 * Turning failures into typed tRPC errors with messages a person can act on.
 *
 * Every error that leaves the server goes through here or through zod, so the
 * raw messages of fetch, the SDK or Node (which can carry URLs, hosts or worse)
 * never reach a response.
 */
import "server-only";
import { TRPCError } from "@trpc/server";
import { TwirpError } from "livekit-server-sdk";
import type { JoinFailureReason } from "@/contract/join";
import { ConfigError } from "./env";

/** The cause attached to every TRPCError we raise on purpose. */
export class AppFailure extends Error {
  override readonly name = "AppFailure";
  constructor(
    readonly reason: JoinFailureReason,
    message: string,
    /** For RATE_LIMITED: when the client may try again (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

type ErrorCode = TRPCError["code"];

function failure(code: ErrorCode, reason: JoinFailureReason, message: string) {
  return new TRPCError({ code, message, cause: new AppFailure(reason, message) });
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function isTransportFailure(error: unknown): boolean {
  // undici reports refused, reset and unresolvable connections as a TypeError("fetch failed").
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

export function rateLimited(retryAfterSeconds: number) {
  const message = `Too many joins for now. Try again in ${retryAfterSeconds} s.`;
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message, cause: new AppFailure("RATE_LIMITED", message, retryAfterSeconds) });
}

/** The Retry-After a failure asks for, if any. */
export function retryAfterOf(error: TRPCError): number | undefined {
  return error.cause instanceof AppFailure ? error.cause.retryAfterSeconds : undefined;
}

export function crossSiteRefused(message: string) {
  return failure("FORBIDDEN", "CROSS_SITE_REQUEST", message);
}

export function signInRequired() {
  return failure("UNAUTHORIZED", "SIGN_IN_REQUIRED", "Sign in to start or join a session, or open the invite link you were sent.");
}

export function serviceTokenRejected() {
  return failure(
    "UNAUTHORIZED",
    "SERVICE_TOKEN_REJECTED",
    "This service token is not one this server knows (see ONBOARDING_SERVICE_TOKENS).",
  );
}

export function notAMember(email: string | undefined, allowedDomains: readonly string[]) {
  const who = email ? `${email.slice(0, 320)} is` : "Your account is";
  return failure(
    "FORBIDDEN",
    "NOT_A_MEMBER",
    `${who} not a member here: only verified email addresses at ${allowedDomains.join(", ")} can start sessions. Ask a member for an invite link.`,
  );
}

const INVITE_PROBLEMS = {
  invalid: [
    "INVITE_INVALID",
    "This invite link is not valid: it has been changed, or was not made here. Ask whoever sent it for a new one.",
  ],
  expired: ["INVITE_EXPIRED", "This invite link has expired. Ask whoever sent it for a new one."],
  "another-room": ["INVITE_WRONG_ROOM", "This invite link is for another session, not this one. Open the link exactly as it was sent."],
} as const;

export function inviteRefused(problem: keyof typeof INVITE_PROBLEMS) {
  const [reason, message] = INVITE_PROBLEMS[problem];
  return failure("FORBIDDEN", reason, message);
}

export function sessionEnded(roomName: string) {
  return failure(
    "NOT_FOUND",
    "SESSION_ENDED",
    `Session ${roomName} has ended, so its invite can no longer be used. Ask a member to start a new one.`,
  );
}

export function unknownContext(id: string) {
  return failure("BAD_REQUEST", "UNKNOWN_CONTEXT", `There is no onboarding context called "${id}" here.`);
}

export function contextConflict(roomName: string, roomTitle: string | undefined) {
  const what = roomTitle ? `"${roomTitle}"` : "another context";
  return failure(
    "CONFLICT",
    "CONTEXT_CONFLICT",
    `Room ${roomName} is already onboarding people onto ${what}. Join it without naming a context, or start a new room.`,
  );
}

/** Maps anything thrown while talking to LiveKit (or reading config) to a typed TRPCError. */
export function toTRPCError(error: unknown, timeoutMs: number): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof ConfigError) {
    return failure("INTERNAL_SERVER_ERROR", "SERVER_MISCONFIGURED", `The server is misconfigured: ${error.problems.join("; ")}`);
  }
  if (isTimeout(error)) {
    return failure(
      "GATEWAY_TIMEOUT",
      "LIVEKIT_TIMEOUT",
      `The LiveKit server did not answer within ${(timeoutMs / 1000).toFixed(1)} s. Try again in a moment.`,
    );
  }
  if (isTransportFailure(error)) {
    return failure("SERVICE_UNAVAILABLE", "LIVEKIT_UNREACHABLE", "The LiveKit server cannot be reached. Try again in a moment.");
  }
  if (error instanceof TwirpError) {
    if (error.status === 401 || error.status === 403) {
      return failure(
        "INTERNAL_SERVER_ERROR",
        "LIVEKIT_CREDENTIALS_REJECTED",
        "The LiveKit server rejected this server's API credentials (check LIVEKIT_API_KEY and LIVEKIT_API_SECRET).",
      );
    }
    if (error.status >= 500) {
      return failure("BAD_GATEWAY", "LIVEKIT_ERROR", "The LiveKit server failed to handle the request. Try again in a moment.");
    }
  }
  return failure("INTERNAL_SERVER_ERROR", "LIVEKIT_ERROR", "The room could not be prepared. Try again in a moment.");
}
