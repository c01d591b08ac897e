/**
 * The join use case: ensure the room, mint the token, report what happened.
 * The tRPC resolver is a thin shell around this.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { Logger } from "../logger";
import { toTRPCError } from "../errors";
import type { JoinOutput } from "./schemas";
import type { LiveKitServices } from "./services";
import { issueToken } from "./tokens";

export type JoinRequest = { participantName: string; roomName?: string | undefined };

/** 96 random bits, base64url: unguessable, and inside the room-name alphabet. */
export function newRoomName(): string {
  return `onb-${randomBytes(12).toString("base64url")}`;
}

const DEFAULT_CONTEXT_ID = "default";

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
  const context = {
    id: DEFAULT_CONTEXT_ID,
    title: "Onboarding",
    repoRoot: config.onboarding.repoRoot,
  };
  try {
    const room = await ensureRoom({ name: roomName, context, emptyTimeoutSeconds: config.roomEmptyTimeoutSeconds });
    if (!room.created && room.metadata?.context.repoRoot !== context.repoRoot) {
      // Decision: a live room keeps the context it was created with, so an agent
      // already onboarding someone is never switched to another repository mid-session.
      log.warn({ room: roomName, roomContext: room.metadata?.context.id ?? null }, "live room keeps its own context");
    }
    const issued = await issueToken({
      apiKey: config.livekit.apiKey,
      apiSecret: config.livekit.apiSecret,
      roomName,
      participantName: request.participantName,
      ttlSeconds: config.tokenTtlSeconds,
      roomConfig: { metadata: room.metadataJson, emptyTimeoutSeconds: config.roomEmptyTimeoutSeconds },
    });
    log.info(
      {
        event: "join",
        outcome: "ok",
        room: roomName,
        identity: issued.identity,
        roomCreated: room.created,
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
