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
 * token (`Authorization: Bearer …`) or a member's session cookie. Failures
 * come in the one error shape (contract/errors.ts), as on /api/trpc.
 */
import "server-only";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ParticipantName, RoomName } from "@/contract/join";
import { actorFromHeaders } from "../access/actor";
import { carriesSessionCookie } from "../access/session-cookie";
import { createServerCaller } from "../caller";
import { getConfig } from "../env";
import { errorResponse } from "../errors";
import { AppFailure, crossSiteRefused } from "../failures";
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

const BODY_PROBLEMS = { 400: "INVALID_INPUT", 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE" } as const;

export async function handleTokenRequest(request: Request): Promise<Response> {
  const { access, http } = getConfig();
  const problem = crossSiteProblem(request.headers, http, carriesSessionCookie(access, request.headers));
  if (problem) return errorResponse(crossSiteRefused(problem));

  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) {
    // After a 413 the rest of the body is unread: the connection cannot carry another request.
    return errorResponse(new AppFailure(BODY_PROBLEMS[body.status], body.message), body.status === 413 ? { connection: "close" } : {});
  }

  const parsed = TokenRequest.safeParse(body.value);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
          : `${issue.path.join(".") || "body"}: ${issue.message}`,
      )
      .join("; ");
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return errorResponse(new AppFailure("INVALID_INPUT", message, { fieldErrors }));
  }

  const forbidden = (Object.keys(FORBIDDEN_FIELDS) as (keyof typeof FORBIDDEN_FIELDS)[]).filter((field) => isSet(parsed.data[field]));
  if (forbidden.length > 0) {
    return errorResponse(
      new AppFailure(
        "FIELD_NOT_SETTABLE",
        forbidden.map((field) => `${field} cannot be set by the client: ${FORBIDDEN_FIELDS[field]}`).join("; "),
        { fieldErrors: Object.fromEntries(forbidden.map((field) => [field, [FORBIDDEN_FIELDS[field]]])) },
      ),
    );
  }

  try {
    const actor = await actorFromHeaders(request.headers, access);
    const joined = await createServerCaller({ headers: request.headers, actor }).livekit.join({
      participantName: parsed.data.participant_name,
      roomName: parsed.data.room_name,
    });
    return Response.json(
      { server_url: joined.serverUrl, participant_token: joined.participantToken },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    // The join's failures arrive mapped and logged by its procedure.
    if (!(error instanceof TRPCError)) throw error;
    return errorResponse(error);
  }
}
