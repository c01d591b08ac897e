/**
 * The wire contract of `livekit.recallGuide`: a page whose room expects a
 * guide, but has none, asks for one, and learns whether one is here, on its
 * way, or unavailable (and why).
 */
import { z } from "zod/mini";
import { InviteToken, RoomName } from "./join";

/** The attribute LiveKit's agents framework gives every agent: its registered name. */
export const AGENT_NAME_ATTRIBUTE = "lk.agent.name";
/** The chat topic LiveKit's components read and write (text streams). */
export const CHAT_TOPIC = "lk.chat";
/** ParticipantInfo.Kind.AGENT in LiveKit's protocol, as RoomService lists participants. */
export const AGENT_PARTICIPANT_KIND = 4;

/** A guest proves it may ask with the invite it joined with. */
export const RecallGuideInput = z.strictObject({ roomName: RoomName, invite: z.optional(InviteToken) });
export type RecallGuideInput = z.infer<typeof RecallGuideInput>;

export const GuideStatus = z.object({
  /**
   * present: a guide is in the room. joining: one was dispatched and a worker took it.
   * unavailable: no guide worker is running. none: this room's context has no guide.
   */
  status: z.enum(["present", "joining", "unavailable", "none"]),
  message: z.string(),
});
export type GuideStatus = z.infer<typeof GuideStatus>;
