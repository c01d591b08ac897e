/**
 * The join use case, for a caller the authorization middleware has already
 * decided on (its Grant): find the room (or, for those who may, ensure it),
 * hold it to the caller's session and context, mint the token, sign an
 * invite for those who send them, and say what happened. Failures are the
 * domain's (server/failures.ts); server/errors.ts maps them.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { type JoinOutput, ROLE_ATTRIBUTE, SESSION_ATTRIBUTE, type SessionContext, VERIFIED_NAME_ATTRIBUTE } from "@/contract/join";
import type { RoomContext } from "@/contract/room-metadata";
import type { Grant } from "../access/policy";
import { signInvite } from "../access/invites";
import { contextConflict, sessionEnded, unknownContext } from "../failures";
import type { Logger } from "../logger";
import { findContext } from "../onboarding/contexts";
import { type EnsuredRoom, findRoom, roomAgents } from "./rooms";
import type { LiveKitServices } from "./services";
import { issueToken } from "./tokens";

export type JoinRequest = {
  participantName: string;
  roomName?: string | undefined;
  /** A configured context id; the default when absent. */
  context?: string | undefined;
};

/** 96 random bits, base64url: unguessable, and inside the room-name alphabet. */
export function newRoomName(): string {
  return `onb-${randomBytes(12).toString("base64url")}`;
}

/**
 * The room this caller joins. Members and services ensure it (creating it,
 * with the asked-for context, when it is not live). A guest only finds it,
 * and only while it is still the session their invite is for.
 */
async function roomFor(services: LiveKitServices, roomName: string, request: JoinRequest, grant: Grant): Promise<EnsuredRoom> {
  const { config, rooms, roomService } = services;
  if (grant.invite) {
    const room = await findRoom(roomService, roomName);
    if (room?.metadata?.provisionId !== grant.invite.sessionId) throw sessionEnded(grant.invite.invitedBy);
    return room;
  }
  const context = findContext(config.onboarding, request.context);
  if (!context) throw unknownContext(request.context ?? "");
  const room = await rooms.ensure({ name: roomName, context, emptyTimeoutSeconds: config.roomEmptyTimeoutSeconds });
  // A live room keeps the context it was created with, so an agent already
  // onboarding someone is never switched to another repository mid-session.
  // Naming another context for it is a conflict; naming none means "whatever it is".
  if (request.context !== undefined && room.metadata?.context.id !== request.context) {
    throw contextConflict(roomName, room.metadata?.context.title);
  }
  return room;
}

/** What the server vouches for about this participant, in the token where the client cannot change it. */
function participantAttributes(grant: Grant, room: EnsuredRoom): Record<string, string> {
  return {
    [ROLE_ATTRIBUTE]: grant.role,
    ...(room.metadata ? { [SESSION_ATTRIBUTE]: room.metadata.provisionId } : {}),
    ...(grant.verifiedName ? { [VERIFIED_NAME_ATTRIBUTE]: grant.verifiedName } : {}),
  };
}

/** The context as this caller may see it: guests get the title, not where the server keeps the repository. */
function visibleContext(context: RoomContext | undefined, grant: Grant): SessionContext | null {
  if (!context) return null;
  if (grant.maySeeRepoRoot) return context;
  const { repoRoot: _hidden, ...rest } = context;
  return rest;
}

export async function joinRoom(services: LiveKitServices, request: JoinRequest, grant: Grant, log: Logger): Promise<JoinOutput> {
  const { config } = services;
  const started = performance.now();
  const roomName = request.roomName ?? newRoomName();
  const room = await roomFor(services, roomName, request, grant);
  const roomContext = room.metadata?.context;
  const issued = await issueToken({
    apiKey: config.livekit.apiKey,
    apiSecret: config.livekit.apiSecret,
    roomName,
    participantName: request.participantName,
    attributes: participantAttributes(grant, room),
    ttlSeconds: config.tokenTtlSeconds,
    roomConfig: {
      // If the room is gone by the time the browser connects, LiveKit recreates
      // it from here, with its agent: that dispatch is part of the creation.
      // Only for those who may create rooms: a guest's token brings no context
      // and no guide, and a room it recreates is closed at once (server/livekit/webhook-events.ts).
      metadata: grant.mayCreateRoom ? room.metadataJson : "",
      emptyTimeoutSeconds: config.roomEmptyTimeoutSeconds,
      agents: grant.mayCreateRoom ? roomAgents(roomContext) : [],
    },
  });
  const invite =
    config.access.mode === "members" && grant.invitesAs && room.metadata
      ? await signInvite(
          { secret: config.access.secret, issuer: config.access.appUrl, ttlSeconds: config.access.inviteTtlSeconds },
          { roomName, sessionId: room.metadata.provisionId, contextId: room.metadata.context.id, invitedBy: grant.invitesAs },
        )
      : null;
  log.info(
    {
      event: "join",
      outcome: "ok",
      room: roomName,
      identity: issued.identity,
      role: grant.role,
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
    context: visibleContext(roomContext, grant),
    role: grant.role,
    invite,
  };
}
