/**
 * Bringing a room's guide back. LiveKit does not re-dispatch a job whose
 * worker died (livekit-server 1.13.5 drops it, and keeps listing the dead
 * dispatch), nor does it retry a dispatch made while no worker was
 * registered. So when a page sees that its room's guide is missing, it asks
 * here, and this:
 *  1. answers "present" if a guide is in the room after all;
 *  2. otherwise dispatches one, at most once per RECALL_COOLDOWN_MS per room
 *     across replicas (a claim in server/coordination.ts, given back when no
 *     worker took the dispatch, so that a worker started since can);
 *  3. watches the new dispatch for a moment: a worker that takes it gives it
 *     a job ("joining"); none at all means no guide worker is running
 *     ("unavailable"), and the unused dispatch is removed.
 * Two guides that end up in one room settle it themselves (the later leaves).
 */
import "server-only";
import { AGENT_NAME_ATTRIBUTE, AGENT_PARTICIPANT_KIND, type GuideStatus } from "@/contract/guide";
import { parseRoomMetadata, type RoomContext } from "@/contract/room-metadata";
import type { Grant } from "../access/policy";
import { sessionEnded } from "../failures";
import type { Logger } from "../logger";
import { dispatchMetadata } from "./rooms";
import type { LiveKitServices } from "./services";

/** How often a room may have its guide recalled. */
const RECALL_COOLDOWN_MS = 10_000;
/**
 * How long a new dispatch is watched for a worker to take it. A worker that
 * has just started takes its first job only once its job process is up
 * (measured: about 5 s on two cores), and that is when a recall matters most.
 */
const TAKEN_WITHIN_MS = 8_000;

export async function recallGuide(services: LiveKitServices, roomName: string, grant: Grant, log: Logger): Promise<GuideStatus> {
  const { roomService } = services;
  const [room] = await roomService.listRooms([roomName]);
  const metadata = parseRoomMetadata(room?.metadata);
  // A guest asks only for their own session's guide, not for a room reopened under its name.
  if (!room || (grant.invite && metadata?.provisionId !== grant.invite.sessionId)) throw sessionEnded(grant.invite?.invitedBy);
  const context = metadata?.context;
  if (!context?.agentName) return { status: "none", message: "This session has no guide." };
  return ensureGuide(services, roomName, { ...context, agentName: context.agentName }, log);
}

/**
 * The room's guide, present or asked for: steps 1 to 3 above, shared by the
 * page's recall and the reconciler (guide-reconciler.ts).
 */
export async function ensureGuide(
  services: LiveKitServices,
  roomName: string,
  context: RoomContext & { agentName: string },
  log: Logger,
): Promise<GuideStatus> {
  const { roomService, agentDispatch, coordination } = services;

  const participants = await roomService.listParticipants(roomName);
  const guideHere = participants.some(
    (participant) =>
      participant.kind === AGENT_PARTICIPANT_KIND &&
      (participant.attributes[AGENT_NAME_ATTRIBUTE] ?? context.agentName) === context.agentName,
  );
  if (guideHere) return { status: "present", message: "The guide is here." };

  const claim = `guide-recall:${roomName}`;
  if (!(await coordination.claim(claim, RECALL_COOLDOWN_MS))) {
    return { status: "joining", message: "The guide was asked for moments ago." };
  }
  let taken = false;
  try {
    const dispatch = await agentDispatch.createDispatch(roomName, context.agentName, { metadata: dispatchMetadata(context) });
    const deadline = Date.now() + TAKEN_WITHIN_MS;
    while (!taken && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const current = await agentDispatch.getDispatch(dispatch.id, roomName);
      taken = (current?.state?.jobs.length ?? 0) > 0;
    }
    if (taken) {
      log.info({ event: "guide-recall", room: roomName, outcome: "joining" }, "a guide worker took the room");
      return { status: "joining", message: "The guide is on its way." };
    }
    await agentDispatch.deleteDispatch(dispatch.id, roomName).catch(() => undefined);
  } finally {
    // Nobody took it: the next recall (when a worker may have started) must be free to try again.
    if (!taken) await coordination.release(claim);
  }
  log.warn({ event: "guide-recall", room: roomName, outcome: "unavailable" }, "no guide worker took the room");
  return {
    status: "unavailable",
    message: "No guide is running for this deployment right now. It will join as soon as one starts.",
  };
}
