/**
 * The one place failures become responses: each reason (server/failures.ts)
 * gets its tRPC code here, and every error, whether a procedure's, tRPC's own
 * (bad input, an unknown procedure) or a route handler's, leaves the server
 * in the one shape of contract/errors.ts. No stack traces, ever; an
 * unexpected internal error says nothing about its cause.
 *
 * tRPC's error formatter (server/trpc.ts) and the route handlers
 * (errorResponse) both build their bodies with `errorShape`.
 */
import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { z } from "zod";
import type { ErrorShape, FailureReason } from "@/contract/errors";
import { AppFailure, failureFrom } from "./failures";

type ErrorCode = TRPCError["code"];

const CODE_OF: Record<FailureReason, ErrorCode> = {
  INVALID_INPUT: "BAD_REQUEST",
  LIVEKIT_UNREACHABLE: "SERVICE_UNAVAILABLE",
  LIVEKIT_TIMEOUT: "GATEWAY_TIMEOUT",
  LIVEKIT_CREDENTIALS_REJECTED: "INTERNAL_SERVER_ERROR",
  LIVEKIT_REFUSED: "INTERNAL_SERVER_ERROR",
  LIVEKIT_ERROR: "BAD_GATEWAY",
  UNKNOWN_CONTEXT: "BAD_REQUEST",
  CONTEXT_CONFLICT: "CONFLICT",
  NAME_RESERVED: "BAD_REQUEST",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  CROSS_SITE_REQUEST: "FORBIDDEN",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FIELD_NOT_SETTABLE: "FORBIDDEN",
  SIGN_IN_REQUIRED: "UNAUTHORIZED",
  SIGN_IN_NOT_CONFIGURED: "NOT_FOUND",
  SERVICE_TOKEN_REJECTED: "UNAUTHORIZED",
  NOT_A_MEMBER: "FORBIDDEN",
  OPEN_MODE_LOCAL_ONLY: "FORBIDDEN",
  INVITE_INVALID: "FORBIDDEN",
  INVITE_EXPIRED: "FORBIDDEN",
  INVITE_WRONG_ROOM: "FORBIDDEN",
  SESSION_ENDED: "NOT_FOUND",
  WEBHOOK_SIGNATURE_INVALID: "UNAUTHORIZED",
  NO_SUCH_ENDPOINT: "NOT_FOUND",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** The reason of an error tRPC raised itself, before any procedure ran. */
function reasonOfCode(code: ErrorCode): FailureReason {
  switch (code) {
    case "BAD_REQUEST":
    case "PARSE_ERROR":
      return "INVALID_INPUT";
    case "NOT_FOUND":
    case "METHOD_NOT_SUPPORTED":
      return "NO_SUCH_ENDPOINT";
    case "PAYLOAD_TOO_LARGE":
      return "PAYLOAD_TOO_LARGE";
    case "UNSUPPORTED_MEDIA_TYPE":
      return "UNSUPPORTED_MEDIA_TYPE";
    default:
      return "INTERNAL";
  }
}

/**
 * Anything thrown, as a TRPCError whose code its reason decides. `timeoutMs`
 * is the bound LiveKit calls had, for the words of a timeout.
 */
export function toTRPCError(error: unknown, timeoutMs = 0): TRPCError {
  if (error instanceof TRPCError) {
    // A failure tRPC wrapped as internal (it does so with anything a procedure throws) gets its own code.
    if (error.cause instanceof AppFailure) return error.code === CODE_OF[error.cause.reason] ? error : toTRPCError(error.cause);
    // tRPC's own refusals (bad input, an unknown procedure) are already what they are.
    if (error.code !== "INTERNAL_SERVER_ERROR" || error.cause === undefined) return error;
    // Something a procedure threw, which tRPC wrapped as an internal error: classify what it was.
    return toTRPCError(error.cause, timeoutMs);
  }
  const failure = failureFrom(error, timeoutMs);
  return new TRPCError({ code: CODE_OF[failure.reason], message: failure.message, cause: failure });
}

export function reasonOf(error: TRPCError): FailureReason {
  return error.cause instanceof AppFailure ? error.cause.reason : reasonOfCode(error.code);
}

// The shared contract is written with zod/mini, so input errors are zod's core error class, not the classic one.
function describeZodError(error: z.core.$ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

/** The error's body: the inner error of tRPC's envelope, and the `error` of every other endpoint's. */
export function errorShape(error: TRPCError, path?: string): ErrorShape {
  const zodError = error.cause instanceof z.core.$ZodError ? error.cause : undefined;
  const failure = error.cause instanceof AppFailure ? error.cause : undefined;
  const reason = zodError ? "INVALID_INPUT" : reasonOf(error);
  let message = error.message;
  if (zodError) message = describeZodError(zodError);
  else if (reason === "INTERNAL") message = "Something went wrong on our side. Try again.";
  const fieldErrors = zodError
    ? (z.flattenError(zodError).fieldErrors as Record<string, string[]>)
    : (failure?.details.fieldErrors ?? null);
  return {
    message,
    code: TRPC_ERROR_CODES_BY_KEY[error.code],
    data: {
      code: error.code,
      httpStatus: getHTTPStatusCodeFromError(error),
      reason,
      retryAfterSeconds: failure?.details.retryAfterSeconds ?? null,
      fieldErrors,
      ...(path ? { path } : {}),
    },
  };
}

/** The Retry-After a failure asks for, if any. */
export function retryAfterOf(error: TRPCError): number | undefined {
  return error.cause instanceof AppFailure ? error.cause.details.retryAfterSeconds : undefined;
}

/** A route handler's failure, in the one shape, with its status and Retry-After. */
export function errorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  const typed = toTRPCError(error);
  const retryAfter = retryAfterOf(typed);
  return Response.json(
    { error: errorShape(typed) },
    {
      status: getHTTPStatusCodeFromError(typed),
      headers: { "cache-control": "no-store", ...(retryAfter === undefined ? {} : { "retry-after": String(retryAfter) }), ...headers },
    },
  );
}
