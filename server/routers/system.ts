import "server-only";
import { Readiness } from "../livekit/readiness";
import { createTRPCRouter, liveKitProcedure } from "../trpc";

export const systemRouter = createTRPCRouter({
  /** Readiness: LiveKit reachable with our credentials, checked at most once per interval. */
  readiness: liveKitProcedure.output(Readiness).query(({ ctx }) => ctx.livekit.readiness.check()),
});
