/**
 * What the app does about LiveKit's events (server/http/livekit-webhook.ts).
 *
 * Guests are held to their invite's session. A guest's token names that
 * session (SESSION_ATTRIBUTE), but LiveKit's tokens name rooms, not room
 * instances, so within its lifetime the token also connects to:
 *  - the same room name after the session ended, recreating it (LiveKit
 *    creates a missing room on connect; a guest's token carries no context
 *    and no guide): the room has none of our metadata, and is closed at once,
 *    so a member who starts the name again gets a proper session;
 *  - a later session under the same name (a member reopened it): the guest
 *    is removed from it.
 * Members' and services' tokens may still recreate their room: they carry its
 * context (server/livekit/join.ts).
 *
 * A finished room is a finished session: every replica's room ensurer
 * forgets it (told through server/coordination.ts), so the next member to
 * open its name starts a new session (server/livekit/rooms.ts).
 */
import "server-only";
import { TwirpError, type WebhookEvent } from "livekit-server-sdk";
import { ROLE_ATTRIBUTE, SESSION_ATTRIBUTE } from "@/contract/join";
import { parseRoomMetadata } from "@/contract/room-metadata";
import type { Logger } from "../logger";
import type { LiveKitServices } from "./services";

/** Already gone is as good as done: LiveKit may deliver an event twice, or after the room closed. */
function unlessGone(error: unknown): void {
  if (!(error instanceof TwirpError && error.status === 404)) throw error;
}

export type WebhookOutcome = "ignored" | "in-session" | "room-closed" | "guest-removed" | "session-ended";

async function holdGuestToSession(services: LiveKitServices, event: WebhookEvent, log: Logger): Promise<WebhookOutcome> {
  const { participant } = event;
  const roomName = event.room?.name;
  if (!participant || !roomName || participant.attributes[ROLE_ATTRIBUTE] !== "guest") return "ignored";
  const [room] = await services.roomService.listRooms([roomName]);
  if (!room) return "ignored";
  const metadata = parseRoomMetadata(room.metadata);
  if (metadata && metadata.provisionId === participant.attributes[SESSION_ATTRIBUTE]) return "in-session";
  if (!metadata) {
    await services.roomService.deleteRoom(roomName).catch(unlessGone);
    log.warn({ event: "webhook", outcome: "room-closed", room: roomName }, "a guest's token recreated an ended session's room; closed it");
    return "room-closed";
  }
  await services.roomService.removeParticipant(roomName, participant.identity).catch(unlessGone);
  log.warn(
    { event: "webhook", outcome: "guest-removed", room: roomName },
    "a guest of an ended session joined its room's next session; removed",
  );
  return "guest-removed";
}

export async function handleWebhookEvent(services: LiveKitServices, event: WebhookEvent, log: Logger): Promise<WebhookOutcome> {
  switch (event.event) {
    case "participant_joined":
      return holdGuestToSession(services, event, log);
    case "room_finished":
      if (!event.room?.name) return "ignored";
      await services.coordination.announceRoomFinished(event.room.name);
      return "session-ended";
    default:
      return "ignored";
  }
}
