import "server-only";
import { joinRoom } from "../livekit/join";
import { JoinInput, JoinOutput } from "@/contract/join";
import { createTRPCRouter, joinProcedure } from "../trpc";

export const livekitRouter = createTRPCRouter({
  /** Ensure the room exists and hand back a short-lived token for it. */
  join: joinProcedure
    .input(JoinInput)
    .output(JoinOutput)
    .mutation(({ ctx, input }) => joinRoom(ctx.livekit, input, ctx.log)),
});
