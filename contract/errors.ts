/**
 * The one error shape every endpoint answers with: tRPC's error envelope
 * (`{ error: ErrorShape }`, with JSON-RPC's numeric `code`), whose `data`
 * carries what a client acts on. /api/trpc, /api/token, /api/auth/* and the
 * webhook all send it, so one reader handles every failure.
 *
 * Shared by the server, the page and Node clients: zod/mini only, no Node APIs.
 */
import { z } from "zod/mini";

/**
 * Why a call failed, beyond its HTTP status: lets a client pick the right
 * words and the right way forward without parsing messages.
 */
export const FailureReason = z.enum([
  "INVALID_INPUT",
  "LIVEKIT_UNREACHABLE",
  "LIVEKIT_TIMEOUT",
  "LIVEKIT_CREDENTIALS_REJECTED",
  "LIVEKIT_REFUSED",
  "LIVEKIT_ERROR",
  "UNKNOWN_CONTEXT",
  "CONTEXT_CONFLICT",
  "NAME_RESERVED",
  "RATE_LIMITED",
  "CROSS_SITE_REQUEST",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "FIELD_NOT_SETTABLE",
  "SIGN_IN_REQUIRED",
  "SIGN_IN_NOT_CONFIGURED",
  "SERVICE_TOKEN_REJECTED",
  "NOT_A_MEMBER",
  "OPEN_MODE_LOCAL_ONLY",
  "INVITE_INVALID",
  "INVITE_EXPIRED",
  "INVITE_WRONG_ROOM",
  "SESSION_ENDED",
  "WEBHOOK_SIGNATURE_INVALID",
  "NO_SUCH_ENDPOINT",
  "INTERNAL",
]);
export type FailureReason = z.infer<typeof FailureReason>;

export const ErrorData = z.object({
  /** tRPC's code name (`FORBIDDEN`, `TOO_MANY_REQUESTS`…). */
  code: z.string(),
  httpStatus: z.int(),
  reason: FailureReason,
  /** For RATE_LIMITED: when to try again (also sent as Retry-After). */
  retryAfterSeconds: z.nullable(z.int()),
  /** For INVALID_INPUT: what is wrong with each field. */
  fieldErrors: z.nullable(z.record(z.string(), z.array(z.string()))),
  /** The procedure, on /api/trpc. */
  path: z.optional(z.string()),
});
export type ErrorData = z.infer<typeof ErrorData>;

export const ErrorShape = z.object({
  message: z.string(),
  /** JSON-RPC's number for `data.code`, as tRPC clients expect it. */
  code: z.int(),
  data: ErrorData,
});
export type ErrorShape = z.infer<typeof ErrorShape>;
