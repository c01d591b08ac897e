/**
 * The join use case: ensure the room, mint the token, report what happened.
 * The tRPC resolver is a thin shell around this.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { Logger } from "../logger";
import { contextConflict, toTRPCError, unknownContext } from "../errors";
import { findContext } from "../onboarding/contexts";
import type { JoinOutput } from "@/contract/join";
import type { LiveKitServices } from "./services";
import { roomAgents } from "./rooms";
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

/** What an operator needs to tell failures apart: the error's class and codes, never its message. */
function describeCause(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, status } = error as Error & { code?: unknown; status?: unknown };
  const inner = error.cause as (Error & { code?: unknown }) | undefined;
  return { name: error.name, code, status, innerCode: inner?.code };
}

export async function joinRoom(services: LiveKitServices, request: JoinRequest, log: Logger): Promise<JoinOutput> {
  const { config, ensureRoom } = services;
  const started = performance.now();
  const roomName = request.roomName ?? newRoomName();
  try {
    const context = findContext(config.onboarding, request.context);
    if (!context) throw unknownContext(request.context ?? "");
    const room = await ensureRoom({ name: roomName, context, emptyTimeoutSeconds: config.roomEmptyTimeoutSeconds });
    const roomContext = room.metadata?.context ?? null;
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
      ttlSeconds: config.tokenTtlSeconds,
      roomConfig: {
        metadata: room.metadataJson,
        emptyTimeoutSeconds: config.roomEmptyTimeoutSeconds,
        // If the room is gone by the time the browser connects, LiveKit recreates
        // it from here, with its agent: that dispatch is part of the creation.
        agents: roomAgents(roomContext ?? undefined),
      },
    });
    log.info(
      {
        event: "join",
        outcome: "ok",
        room: roomName,
        identity: issued.identity,
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
    };
  } catch (error) {
    const typed = toTRPCError(error, config.livekit.requestTimeoutMs);
    log.warn(
      {
        event: "join",
        outcome: typed.code,
        room: roomName,
        durationMs: Math.round(performance.now() - started),
        cause: describeCause(error),
      },
      typed.message,
    );
    throw typed;
  }
}
