/**
 * A guide for every room, whoever joins it. LiveKit 1.13.5 does not retry a
 * dispatch made while no worker was registered, and sends no webhook when a
 * worker registers; the page asks again (livekit.recallGuide), but a room
 * started by the Node client, by /api/token, or during a worker deploy has no
 * page to ask. So every app instance looks, every GUIDE_RECONCILE_SECONDS:
 * each room with people in it, of one of the deployment's contexts that has a
 * guide, that has not had its guide yet, gets `ensureGuide` (guide.ts), which asks for one at most
 * once per cooldown across replicas (the claim in server/coordination.ts).
 *
 * A room seen with its guide is not looked at again (a guide that dies later
 * is the page's to recall), so a pass costs one listRooms, plus a
 * listParticipants per room still waiting. A new room is given a grace
 * period first: its own dispatch usually brings the guide within seconds.
 */
import "server-only";
import { LRUCache } from "lru-cache";
import { parseRoomMetadata } from "@/contract/room-metadata";
import { isDraining } from "../lifecycle";
import type { Logger } from "../logger";
import { ensureGuide } from "./guide";
import type { LiveKitServices } from "./services";

/** How long a new room's own dispatch is given before the reconciler steps in. */
const GRACE_MS = 10_000;

export type GuideReconciler = { stop: () => void; pass: () => Promise<void> };

export function startGuideReconciler(services: LiveKitServices, log: Logger, intervalMs: number): GuideReconciler {
  // Rooms by sid (a name reused is a new room) that had their guide.
  const guided = new LRUCache<string, true>({ max: 100_000 });
  let busy = false;

  async function pass(): Promise<void> {
    // A draining instance asks for nothing new.
    if (isDraining()) return;
    const rooms = await services.roomService.listRooms();
    const now = Date.now();
    for (const room of rooms) {
      if (guided.has(room.sid) || room.numParticipants === 0) continue;
      if (now - Number(room.creationTime) * 1000 < GRACE_MS) continue;
      const context = parseRoomMetadata(room.metadata)?.context;
      // Only this deployment's rooms: a context it serves, with the guide it names there.
      const ours =
        context && services.config.onboarding.list.some((each) => each.id === context.id && each.agentName === context.agentName);
      if (!context?.agentName || !ours) {
        guided.set(room.sid, true); // a room without a guide to wait for, or not ours
        continue;
      }
      const status = await ensureGuide(services, room.name, { ...context, agentName: context.agentName }, log).catch((error: unknown) => {
        log.warn({ event: "guide-reconcile", error: error instanceof Error ? error.name : typeof error }, "could not check a room's guide");
        return undefined;
      });
      if (status?.status === "present") guided.set(room.sid, true);
      else if (status)
        log.info({ event: "guide-reconcile", room: room.name, outcome: status.status }, "a room was still waiting for its guide");
    }
  }

  const timer = setInterval(() => {
    // One pass at a time: a slow LiveKit must not pile them up.
    if (busy) return;
    busy = true;
    void pass()
      .catch((error: unknown) =>
        log.warn({ event: "guide-reconcile", error: error instanceof Error ? error.name : typeof error }, "a reconcile pass failed"),
      )
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), pass };
}
