/**
 * The wire contract of `livekit.join` and the room metadata document.
 *
 * Shared by the server and the browser page, so it must stay free of secrets
 * and Node APIs: zod only.
 */
import { z } from "zod";

// C0 and C1 control characters plus DEL. Line/paragraph separators and bidi
// overrides are also rejected: they make a display name lie about itself.
const CONTROL_OR_FORMAT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const ParticipantName = z
  .string({ error: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(64, "Names can be at most 64 characters")
  .refine((value) => !CONTROL_OR_FORMAT.test(value), "Names cannot contain control characters");

export const RoomName = z
  .string({ error: "Room names are text" })
  .regex(ROOM_NAME_PATTERN, "Room names are 1–64 letters, digits, '-' or '_'");

export const JoinInput = z.strictObject({
  participantName: ParticipantName,
  roomName: RoomName.optional(),
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
});
export type JoinOutput = z.infer<typeof JoinOutput>;

/**
 * Room metadata, version 1: what an agent reads to know what it is onboarding
 * someone onto. `provisionId` is a random nonce written by the join that created
 * the room; it lets that join tell "created" from "found" with one RPC.
 */
export const RoomMetadataV1 = z.object({
  version: z.literal(1),
  context: z.object({
    id: z.string().min(1),
    title: z.string().min(1),
    repoRoot: z.string().min(1),
  }),
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
 * Why a join failed, beyond the tRPC code: lets a client pick the right words
 * and the right way forward without parsing messages.
 */
export const JoinFailureReason = z.enum([
  "LIVEKIT_UNREACHABLE",
  "LIVEKIT_TIMEOUT",
  "LIVEKIT_CREDENTIALS_REJECTED",
  "LIVEKIT_ERROR",
  "SERVER_MISCONFIGURED",
]);
export type JoinFailureReason = z.infer<typeof JoinFailureReason>;
