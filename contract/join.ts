/**
 * The wire contract of `livekit.join` and of the page's context picker.
 *
 * Shared by the server and the browser page, so it holds no secrets and no
 * Node APIs: zod/mini only (see room-metadata.ts).
 */
import { z } from "zod/mini";
import { normalizeParticipantName, participantNameProblem } from "./participant-name";
import { ContextId, RoomContext } from "./room-metadata";

export const ParticipantName = z.string({ error: "Enter your name" }).check(
  z.overwrite(normalizeParticipantName),
  z.superRefine((value, ctx) => {
    const problem = participantNameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
);

export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const RoomName = z
  .string({ error: "Room names are text" })
  .check(z.regex(ROOM_NAME_PATTERN, "Room names are 1–64 letters, digits, '-' or '_'"));

/** An invite as a client passes it on; what it is worth is the server's question. */
export const InviteToken = z
  .string({ error: "Invites are text" })
  .check(z.minLength(1, "The invite is empty"), z.maxLength(2048, "This invite is too long to be real"));

export const JoinInput = z.strictObject({
  participantName: ParticipantName,
  roomName: z.optional(RoomName),
  /**
   * Which configured context a new room gets (the default when absent). For a
   * live room it is a check: naming a different context than the room's is a
   * CONFLICT. A client can only name a context, never describe one.
   */
  context: z.optional(ContextId),
  /** An invite link's capability (its `#invite=` fragment): how a guest joins. */
  invite: z.optional(InviteToken),
});
export type JoinInput = z.input<typeof JoinInput>;

/**
 * How a participant got in, as the server writes it into the token's
 * attributes (the client cannot set them): a signed-in member, a guest with
 * an invite, a service credential, or anyone (open mode).
 */
export const ParticipantRole = z.enum(["member", "guest", "service", "open"]);
export type ParticipantRole = z.infer<typeof ParticipantRole>;
/** The participant attribute holding the ParticipantRole. */
export const ROLE_ATTRIBUTE = "onboarding.role";
/** The participant attribute naming the session (the room's life) the token was issued for. */
export const SESSION_ATTRIBUTE = "onboarding.session";
/** The participant attribute holding a member's name as the identity provider gave it. */
export const VERIFIED_NAME_ATTRIBUTE = "onboarding.verified_name";

/**
 * A room's context as a participant sees it. The repo root is where the
 * server keeps the repository, for members and services; a guest gets the
 * title only.
 */
export const SessionContext = z.partial(RoomContext, { repoRoot: true });
export type SessionContext = z.infer<typeof SessionContext>;

export const JoinOutput = z.object({
  /** The LiveKit URL a client connects to (ws:// or wss://). */
  serverUrl: z.string(),
  roomName: RoomName,
  roomSid: z.string().check(z.minLength(1)),
  participantIdentity: z.string().check(z.minLength(1)),
  participantName: z.string(),
  participantToken: z.string().check(z.minLength(1)),
  /** The token's `exp` claim, in epoch seconds. */
  expiresAt: z.int().check(z.positive()),
  /** True when this call created the room, false when it was already there. */
  roomCreated: z.boolean(),
  /** The room's context (a guest's has no repo root); null for a room that something other than this app created. */
  context: z.nullable(SessionContext),
  role: ParticipantRole,
  /**
   * An invite for this room, signed for members and services when sign-in is
   * configured; null otherwise (guests cannot invite, and in open mode the
   * room's address is the invite).
   */
  invite: z.nullable(z.object({ token: z.string().check(z.minLength(1)), expiresAt: z.int().check(z.positive()) })),
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
