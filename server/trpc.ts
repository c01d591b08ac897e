/**
 * tRPC initialisation: the request context, the error formatter and the
 * procedures every router builds on.
 *
 * The formatter is the last line of defence for responses: no stack traces
 * (ever, not only in production), zod failures become field-level messages, and
 * an unexpected internal error says nothing about its cause.
 */
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Actor } from "./access/actor";
import { type AccessRequest, authorize } from "./access/policy";
import { getConfig, type AppConfig } from "./env";
import { clientKey } from "./http/client-address";
import { AppFailure, rateLimited, toTRPCError } from "./errors";
import { logger, type Logger } from "./logger";
import { liveKitServices } from "./livekit/services";
import { joinLimiter } from "./rate-limit";

/** All a procedure reads of its request: a web Headers, or node:http's headers behind the same method. */
export type RequestHeaders = Pick<Headers, "get">;

export type CreateContextOptions = {
  headers: RequestHeaders;
  /**
   * Who is calling. HTTP requests get theirs from their credentials
   * (server/access/actor.ts); a server-side caller names its own.
   */
  actor: Actor;
  /** Where configuration comes from; tests inject their own. */
  getConfig?: () => AppConfig;
  log?: Logger;
};

export function createTRPCContext(options: CreateContextOptions) {
  return {
    headers: options.headers,
    actor: options.actor,
    getConfig: options.getConfig ?? getConfig,
    log: options.log ?? logger,
  };
}
export type Context = ReturnType<typeof createTRPCContext>;

// The shared contract is written with zod/mini, so input errors are zod's core error class, not the classic one.
function describeZodError(error: z.core.$ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
    const zodError = error.cause instanceof z.core.$ZodError ? error.cause : undefined;
    const appFailure = error.cause instanceof AppFailure ? error.cause : undefined;
    let message = shape.message;
    if (zodError) message = describeZodError(zodError);
    else if (error.code === "INTERNAL_SERVER_ERROR" && !appFailure) message = "Something went wrong on our side. Try again.";
    return {
      ...shape,
      message,
      data: {
        ...data,
        reason: appFailure?.reason ?? null,
        retryAfterSeconds: appFailure?.retryAfterSeconds ?? null,
        fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure;

/** A procedure that needs the configuration: problems become a typed error here, not a crash. */
export const configuredProcedure = publicProcedure.use(({ ctx, next }) => {
  let config: AppConfig;
  try {
    config = ctx.getConfig();
  } catch (error) {
    const typed = toTRPCError(error, 0);
    ctx.log.error({ event: "config", outcome: typed.code }, typed.message);
    throw typed;
  }
  return next({ ctx: { config } });
});

/** A procedure that talks to LiveKit, with this configuration's clients. */
export const liveKitProcedure = configuredProcedure.use(({ ctx, next }) => next({ ctx: { livekit: liveKitServices(ctx.config) } }));

/**
 * A procedure only callers who may start sessions can use (members and
 * services; anyone in open mode): the policy decides, in server/access/policy.ts.
 */
export const startingProcedure = configuredProcedure.use(async ({ ctx, next }) => {
  await authorize(ctx.config.access, ctx.actor, {} satisfies AccessRequest);
  return next();
});

/** A join: limited per client (see server/http/client-address.ts and server/rate-limit.ts). */
export const joinProcedure = liveKitProcedure.use(async ({ ctx, next }) => {
  const decision = await joinLimiter(ctx.config).consume(clientKey(ctx.headers, ctx.config.trustedProxyHops));
  if (!decision.allowed) {
    ctx.log.warn({ event: "join", outcome: "TOO_MANY_REQUESTS", retryAfterSeconds: decision.retryAfterSeconds }, "join rate limited");
    throw rateLimited(decision.retryAfterSeconds);
  }
  return next();
});

export { TRPCError };
