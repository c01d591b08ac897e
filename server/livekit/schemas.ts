/**
 * The wire contract of `livekit.join` and the room metadata document.
 *
 * Shared by the server and the browser page, so it must stay free of secrets
 * and Node APIs: zod only.
 */
import { z } from "zod";
import { participantNameProblem } from "./participant-name";

export const ParticipantName = z
  .string({ error: "Enter your name" })
  .trim()
  .superRefine((value, ctx) => {
    const problem = participantNameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const RoomName = z
  .string({ error: "Room names are text" })
  .regex(ROOM_NAME_PATTERN, "Room names are 1–64 letters, digits, '-' or '_'");

/** A context id, as named in the deployment's configuration and by clients. */
export const ContextId = z
  .string({ error: "Context ids are text" })
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "Context ids are 1–32 lowercase letters, digits, '-' or '_'");

/** An agent's name as registered with LiveKit's agent workers. */
export const AgentName = z
  .string({ error: "Agent names are text" })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "Agent names are 1–64 letters, digits, '.', '-' or '_'");

/** What a room is onboarding people onto. Only the server ever fills one in. */
export const RoomContext = z.object({
  id: ContextId,
  title: z.string().min(1),
  repoRoot: z.string().min(1),
  /** The agent LiveKit dispatches to the room, when the context has one. */
  agentName: AgentName.optional(),
});
export type RoomContext = z.infer<typeof RoomContext>;

export const JoinInput = z.strictObject({
  participantName: ParticipantName,
  roomName: RoomName.optional(),
  /**
   * Which configured context a new room gets (the default when absent). For a
   * live room it is a check: naming a different context than the room's is a
   * CONFLICT. A client can only name a context, never describe one.
   */
  context: ContextId.optional(),
});
export type JoinInput = z.input<typeof JoinInput>;

export const JoinOutput = z.object({
  /** The LiveKit URL a client connects to (ws:// or wss://). */
  serverUrl: z.string(),
  roomName: RoomName,
  roomSid: z.string().min(1),
  participantIdentity: z.string().min(1),
  participantName: z.string(),
  participantToken: z.string().min(1),
  /** The token's `exp` claim, in epoch seconds. */
  expiresAt: z.number().int().positive(),
  /** True when this call created the room, false when it was already there. */
  roomCreated: z.boolean(),
  /** The room's context; null for a room that something other than this app created. */
  context: RoomContext.nullable(),
});
export type JoinOutput = z.infer<typeof JoinOutput>;

/**
 * Room metadata, version 1: what an agent reads to know what it is onboarding
 * someone onto. `provisionId` is a random nonce written by the join that created
 * the room; it lets that join tell "created" from "found" with one RPC.
 */
export const RoomMetadataV1 = z.object({
  version: z.literal(1),
  context: RoomContext,
  provisionId: z.string().min(1),
});
export type RoomMetadata = z.infer<typeof RoomMetadataV1>;

/** Parses room metadata as read from LiveKit; undefined for anything that is not ours. */
export function parseRoomMetadata(raw: string | undefined | null): RoomMetadata | undefined {
  if (!raw) return undefined;
  try {
    const result = RoomMetadataV1.safeParse(JSON.parse(raw));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The metadata of an agent dispatch: the agent reads what it onboards someone
 * onto from here (or from the room metadata, which holds the same context).
 */
export const AgentDispatchMetadataV1 = z.object({
  version: z.literal(1),
  context: RoomContext.pick({ id: true, title: true, repoRoot: true }),
});
export type AgentDispatchMetadata = z.infer<typeof AgentDispatchMetadataV1>;

/** A context as the page may list it: no repo root until someone is in the room. */
export const ContextChoice = z.object({
  id: ContextId,
  title: z.string(),
  hasAgent: z.boolean(),
});
export type ContextChoice = z.infer<typeof ContextChoice>;

export const ContextChoices = z.object({
  defaultId: ContextId,
  contexts: z.array(ContextChoice),
});
export type ContextChoices = z.infer<typeof ContextChoices>;

/**
 * Why a join failed, beyond the tRPC code: lets a client pick the right words
 * and the right way forward without parsing messages.
 */
export const JoinFailureReason = z.enum([
  "LIVEKIT_UNREACHABLE",
  "LIVEKIT_TIMEOUT",
  "LIVEKIT_CREDENTIALS_REJECTED",
  "LIVEKIT_ERROR",
  "SERVER_MISCONFIGURED",
  "UNKNOWN_CONTEXT",
  "CONTEXT_CONFLICT",
  "RATE_LIMITED",
]);
export type JoinFailureReason = z.infer<typeof JoinFailureReason>;
