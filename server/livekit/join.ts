/**
 * The join use case: ask the policy who may do what, ensure the room (or,
 * for a guest, find it), mint the token, report what happened. The tRPC
 * resolver is a thin shell around this.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { Logger } from "../logger";
import type { Actor } from "../access/actor";
import { signInvite } from "../access/invites";
import { authorize, type Grant } from "../access/policy";
import { AppFailure, contextConflict, inviteRefused, sessionEnded, toTRPCError, unknownContext } from "../errors";
import { findContext } from "../onboarding/contexts";
import { type JoinOutput, ROLE_ATTRIBUTE, VERIFIED_NAME_ATTRIBUTE } from "@/contract/join";
import type { LiveKitServices } from "./services";
import { findRoom, roomAgents } from "./rooms";
import { issueToken } from "./tokens";

export type JoinRequest = {
  participantName: string;
  roomName?: string | undefined;
  /** A configured context id; the default when absent. */
  context?: string | undefined;
  /** An invite link's capability, for guests. */
  invite?: string | undefined;
};

/** 96 random bits, base64url: unguessable, and inside the room-name alphabet. */
export function newRoomName(): string {
  return `onb-${randomBytes(12).toString("base64url")}`;
}

/** What an operator needs to tell failures apart: the error's class and codes, never its message. */
function describeCause(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, status } = error as Error & { code?: unknown; status?: unknown };
  const inner = error.cause as (Error & { code?: unknown }) | undefined;
  return { name: error.name, code, status, innerCode: inner?.code };
}

/** What the server vouches for about this participant, in the token where the client cannot change it. */
function participantAttributes(grant: Grant): Record<string, string> {
  return { [ROLE_ATTRIBUTE]: grant.role, ...(grant.verifiedName ? { [VERIFIED_NAME_ATTRIBUTE]: grant.verifiedName } : {}) };
}

export async function joinRoom(services: LiveKitServices, request: JoinRequest, actor: Actor, log: Logger): Promise<JoinOutput> {
  const { config, ensureRoom } = services;
  const started = performance.now();
  const roomName = request.roomName ?? newRoomName();
  let role: Grant["role"] | undefined;
  try {
    const grant = await authorize(config.access, actor, request);
    role = grant.role;
    const context = findContext(config.onboarding, request.context);
    if (!context) throw unknownContext(request.context ?? "");
    // A guest joins a room a member made; it never creates one (nor brings a guide to it).
    const room = grant.mayCreateRoom
      ? await ensureRoom({ name: roomName, context, emptyTimeoutSeconds: config.roomEmptyTimeoutSeconds })
      : await findRoom(services.roomService, roomName);
    if (!room) throw sessionEnded(roomName);
    const roomContext = room.metadata?.context ?? null;
    if (grant.invite && roomContext?.id !== grant.invite.contextId) throw inviteRefused("another-room");
    // A live room keeps the context it was created with, so an agent already
    // onboarding someone is never switched to another repository mid-session.
    // Naming another context for it is a conflict; naming none means "whatever it is".
    if (request.context !== undefined && roomContext?.id !== request.context) {
      throw contextConflict(roomName, roomContext?.title);
    }
    const issued = await issueToken({
      apiKey: config.livekit.apiKey,
      apiSecret: config.livekit.apiSecret,
      roomName,
      participantName: request.participantName,
      attributes: participantAttributes(grant),
      ttlSeconds: config.tokenTtlSeconds,
      roomConfig: {
        // A guest's token recreates nothing worth having: a room it brought back would have no
        // context, so no further guest join, recall or guide would take it for the member's session.
        metadata: grant.mayCreateRoom ? room.metadataJson : "",
        emptyTimeoutSeconds: config.roomEmptyTimeoutSeconds,
        // If the room is gone by the time the browser connects, LiveKit recreates
        // it from here, with its agent: that dispatch is part of the creation.
        // Only for those who may create rooms: a guest's token brings no guide.
        agents: grant.mayCreateRoom ? roomAgents(roomContext ?? undefined) : [],
      },
    });
    const invite =
      config.access.mode === "members" && grant.invitesAs && roomContext
        ? await signInvite(
            { secret: config.access.secret, issuer: config.access.appUrl, ttlSeconds: config.access.inviteTtlSeconds },
            { roomName, contextId: roomContext.id, invitedBy: grant.invitesAs },
          )
        : null;
    log.info(
      {
        event: "join",
        outcome: "ok",
        room: roomName,
        identity: issued.identity,
        role,
        roomCreated: room.created,
        context: roomContext?.id ?? null,
        durationMs: Math.round(performance.now() - started),
      },
      "join",
    );
    return {
      serverUrl: config.livekit.publicUrl,
      roomName,
      roomSid: room.sid,
      participantIdentity: issued.identity,
      participantName: request.participantName,
      participantToken: issued.token,
      expiresAt: issued.expiresAt,
      roomCreated: room.created,
      context: roomContext,
      role: grant.role,
      invite,
    };
  } catch (error) {
    const typed = toTRPCError(error, config.livekit.requestTimeoutMs);
    log.warn(
      {
        event: "join",
        outcome: typed.code,
        reason: typed.cause instanceof AppFailure ? typed.cause.reason : undefined,
        role: role ?? actor.kind,
        room: roomName,
        durationMs: Math.round(performance.now() - started),
        cause: describeCause(error),
      },
      typed.message,
    );
    throw typed;
  }
}
