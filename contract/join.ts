/**
 * The wire contract of `livekit.join` and of the page's context picker.
 *
 * Shared by the server and the browser page, so it holds no secrets and no
 * Node APIs: zod only.
 */
import { z } from "zod";
import { participantNameProblem } from "./participant-name";
import { ContextId, RoomContext } from "./room-metadata";

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
  "CROSS_SITE_REQUEST",
]);
export type JoinFailureReason = z.infer<typeof JoinFailureReason>;
