/**
 * LiveKit's standard token endpoint (POST /api/token), so LiveKit's own clients
 * (`TokenSource.endpoint` in livekit-client, the mobile SDKs) can use this server
 * unchanged.
 *
 * Request (snake_case, as those clients send it):
 *   { room_name?, participant_name, participant_identity?, participant_metadata?,
 *     participant_attributes?, room_config? }
 * Response: 201 { server_url, participant_token }.
 *
 * It is a shell around `livekit.join` through the server-side caller: the same
 * validation, room ensuring and token rules as the page. The standard lets a
 * client ask for things this service decides itself; those are refused with
 * 403 and a reason, never silently dropped (see FORBIDDEN_FIELDS). Like every
 * endpoint that changes state, it refuses cross-site requests (cross-site.ts).
 * With sign-in configured, callers authenticate as on /api/trpc: a service
 * token (`Authorization: Bearer …`) or a member's session cookie.
 */
import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import { getConfig, type AppConfig } from "../env";
import { AppFailure, crossSiteRefused, retryAfterOf, toTRPCError } from "../errors";
import { ParticipantName, RoomName } from "@/contract/join";
import { actorFromHeaders } from "../access/actor";
import { carriesSessionCookie } from "../access/session-cookie";
import { createServerCaller } from "../caller";
import { crossSiteProblem } from "./cross-site";
import { readJsonBody } from "./json-body";

const MAX_BODY_BYTES = 16 * 1024;

/** Why each field a client may send under the standard is not theirs to set here. */
const FORBIDDEN_FIELDS = {
  participant_identity: "identities are assigned by the server: a chosen identity would disconnect whoever already holds it",
  participant_metadata: "participant metadata is set by the server, not by the client",
  participant_attributes: "participant attributes are set by the server: agents treat them as trusted",
  room_config: "the room's configuration (agents, metadata, timeouts) comes from its onboarding context on the server",
} as const;

const TokenRequest = z.strictObject({
  room_name: z.optional(RoomName),
  participant_name: ParticipantName,
  participant_identity: z.unknown().optional(),
  participant_metadata: z.unknown().optional(),
  participant_attributes: z.unknown().optional(),
  room_config: z.unknown().optional(),
});

/** Proto3 JSON writers may emit defaults ("" or {}): those choose nothing. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (typeof value === "object" && Object.keys(value).length === 0) return false;
  return true;
}

type ErrorBody = { error: { code: string; message: string; reason?: string; fields?: Record<string, string[]> } };

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

function failure(
  status: number,
  code: string,
  message: string,
  extra: Partial<ErrorBody["error"]> = {},
  headers: Record<string, string> = {},
) {
  return json(status, { error: { code, message, ...extra } } satisfies ErrorBody, headers);
}

/** A typed failure from the join (or the configuration) as this endpoint's JSON error. */
function fromTRPCError(error: TRPCError): Response {
  const reason = error.cause instanceof AppFailure ? error.cause.reason : undefined;
  // An unexpected internal error keeps its cause to itself, as on /api/trpc.
  const message = error.code === "INTERNAL_SERVER_ERROR" && !reason ? "Something went wrong on our side. Try again." : error.message;
  const retryAfter = retryAfterOf(error);
  return failure(
    getHTTPStatusCodeFromError(error),
    error.code,
    message,
    reason ? { reason } : {},
    retryAfter === undefined ? {} : { "retry-after": String(retryAfter) },
  );
}

export async function handleTokenRequest(request: Request): Promise<Response> {
  let config: AppConfig;
  try {
    config = getConfig();
  } catch (error) {
    return fromTRPCError(toTRPCError(error, 0));
  }
  const { access, http } = config;
  const problem = crossSiteProblem(request.headers, http, carriesSessionCookie(access, request.headers));
  if (problem) return fromTRPCError(crossSiteRefused(problem));

  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) {
    // After a 413 the rest of the body is unread: the connection cannot carry another request.
    const headers: Record<string, string> = body.status === 413 ? { connection: "close" } : {};
    return failure(body.status, body.status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", body.message, {}, headers);
  }

  const parsed = TokenRequest.safeParse(body.value);
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    const message = parsed.error.issues
      .map((issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
          : `${issue.path.join(".") || "body"}: ${issue.message}`,
      )
      .join("; ");
    return failure(400, "BAD_REQUEST", message, { fields });
  }

  const forbidden = (Object.keys(FORBIDDEN_FIELDS) as (keyof typeof FORBIDDEN_FIELDS)[]).filter((field) => isSet(parsed.data[field]));
  if (forbidden.length > 0) {
    return failure(
      403,
      "FORBIDDEN",
      forbidden.map((field) => `${field} cannot be set by the client: ${FORBIDDEN_FIELDS[field]}`).join("; "),
      { fields: Object.fromEntries(forbidden.map((field) => [field, [FORBIDDEN_FIELDS[field]]])) },
    );
  }

  try {
    const actor = await actorFromHeaders(request.headers, access);
    const joined = await createServerCaller({ headers: request.headers, actor }).livekit.join({
      participantName: parsed.data.participant_name,
      roomName: parsed.data.room_name,
    });
    return json(201, { server_url: joined.serverUrl, participant_token: joined.participantToken });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return fromTRPCError(error);
  }
}
