/**
 * The root router, its type for clients, and the server-side caller factory
 * that other server code (route handlers, scripts, tests) uses instead of HTTP.
 */
import "server-only";
import { createCallerFactory, createTRPCRouter } from "../trpc";
import { livekitRouter } from "./livekit";
import { onboardingRouter } from "./onboarding";
import { systemRouter } from "./system";

export const appRouter = createTRPCRouter({
  livekit: livekitRouter,
  onboarding: onboardingRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
