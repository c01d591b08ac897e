/**
 * The tour's RPC methods (contract/tour.ts), served by the guide to everyone
 * in its room through guide-rpc.ts (parsed, budgeted, refused with a code
 * and a sentence): the tours on offer, and start, next, back and end, which
 * any person in the session may press.
 */
import { TOUR_METHOD, TourRequest, TOURS_METHOD, ToursRequest, type TourList } from "@/contract/tour";
import { type GuideRpc, refused } from "./guide-rpc";
import type { TourLeader } from "./tour-leader";

export function serveTour(rpc: GuideRpc, leader: TourLeader | undefined) {
  rpc.serve(TOURS_METHOD, ToursRequest, async (): Promise<TourList> => {
    await rpc.readyRevision();
    const tours = await leader!.tours();
    return { tours: tours.map(({ id, title, source, steps }) => ({ id, title, source, steps: steps.length })) };
  });

  rpc.serve(TOUR_METHOD, TourRequest, async (request, callerIdentity) => {
    const caller = rpc.person(callerIdentity, "lead the tour");
    await rpc.readyRevision();
    const by = caller.name || caller.identity;
    if (request.action === "start") {
      const state = await leader!.start(by, request.tour);
      if (!state) throw refused("INVALID_REQUEST", "There is no such tour of this repository.", "no-such-tour");
      return state;
    }
    if (request.action === "end") return leader!.end(by);
    return leader!.move(by, request.action, request.step);
  });
}
