import "server-only";
import { ContextChoices } from "@/contract/join";
import { listContextChoices } from "../onboarding/contexts";
import { configuredProcedure, createTRPCRouter } from "../trpc";

export const onboardingRouter = createTRPCRouter({
  /** The contexts a new session can be about, for the page's picker. */
  contexts: configuredProcedure.output(ContextChoices).query(({ ctx }) => listContextChoices(ctx.config.onboarding)),
});
