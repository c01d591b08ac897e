import "server-only";
import { GuideStatus, RecallGuideInput } from "@/contract/guide";
import { authorize } from "../access/policy";
import { toTRPCError } from "../errors";
import { recallGuide } from "../livekit/guide";
import { joinRoom } from "../livekit/join";
import { JoinInput, JoinOutput } from "@/contract/join";
import { createTRPCRouter, joinProcedure, liveKitProcedure } from "../trpc";

export const livekitRouter = createTRPCRouter({
  /** Ensure the room exists and hand back a short-lived token for it. */
  join: joinProcedure
    .input(JoinInput)
    .output(JoinOutput)
    .mutation(({ ctx, input }) => joinRoom(ctx.livekit, input, ctx.actor, ctx.log)),
  /** Ask for the room's guide when it is missing (its worker died, or none was running). */
  recallGuide: liveKitProcedure
    .input(RecallGuideInput)
    .output(GuideStatus)
    .mutation(async ({ ctx, input }) => {
      // Whoever may join the room may ask for its guide back; nobody else learns it exists.
      await authorize(ctx.config.access, ctx.actor, input);
      try {
        return await recallGuide(ctx.livekit, input.roomName, ctx.log);
      } catch (error) {
        throw toTRPCError(error, ctx.config.livekit.requestTimeoutMs);
      }
    }),
});
