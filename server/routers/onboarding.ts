import "server-only";
import { ContextChoices } from "@/contract/join";
import { listContextChoices } from "../onboarding/contexts";
import { authorized, createTRPCRouter, publicProcedure } from "../trpc";

export const onboardingRouter = createTRPCRouter({
  /** The contexts a new session can be about, for the picker of those who may start one. */
  contexts: publicProcedure
    .use(authorized("read"))
    .output(ContextChoices)
    .query(({ ctx }) => listContextChoices(ctx.config.onboarding)),
});
