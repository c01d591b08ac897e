import "server-only";
import { GuideStatus, RecallGuideInput } from "@/contract/guide";
import { JoinInput, JoinOutput } from "@/contract/join";
import { recallGuide } from "../livekit/guide";
import { joinRoom } from "../livekit/join";
import { authorized, createTRPCRouter, liveKitProcedure } from "../trpc";

export const livekitRouter = createTRPCRouter({
  /** Ensure the room exists and hand back a short-lived token for it. */
  join: liveKitProcedure
    .input(JoinInput)
    .use(authorized("join"))
    .output(JoinOutput)
    .mutation(({ ctx, input }) => joinRoom(ctx.livekit, input, ctx.grant, ctx.log)),
  /** Ask for the room's guide when it is missing (its worker died, or none was running). */
  recallGuide: liveKitProcedure
    .input(RecallGuideInput)
    .use(authorized("recall"))
    .output(GuideStatus)
    .mutation(({ ctx, input }) => recallGuide(ctx.livekit, input.roomName, ctx.grant, ctx.log)),
});
