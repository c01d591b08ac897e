/**
 * tRPC initialisation: the request context, the error formatter and the
 * procedures every router builds on. Three decisions are made here, once:
 *
 *  - Errors: every failure a procedure raises is mapped to its code by
 *    server/errors.ts, logged once, and formatted into the one error shape.
 *  - Access: `authorized(budget)` asks the policy (server/access/policy.ts)
 *    and narrows `ctx` to the Grant it returns, the way create-t3-app's
 *    protectedProcedure narrows `ctx.session`. Resolvers and use cases work
 *    with that Grant and never ask again.
 *  - Limits: after the decision, so they are keyed by who is asking
 *    (server/rate-limit.ts). Refused calls spend a budget of their own.
 *
 * Configuration is validated at boot (server/boot.ts) and trusted here.
 *
 * @see https://trpc.io/docs/server/middlewares
 * @see https://create.t3.gg/en/usage/trpc#protectedprocedure
 */
import "server-only";
import { initTRPC } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Actor } from "./access/actor";
import { type AccessRequest, authorize, type Grant } from "./access/policy";
import { type AppConfig, getConfig } from "./env";
import { errorShape, reasonOf, toTRPCError } from "./errors";
import { AppFailure, rateLimited } from "./failures";
import { clientKey } from "./http/client-address";
import { whyNotLocal } from "./http/local-request";
import { liveKitServices } from "./livekit/services";
import { logger, type Logger } from "./logger";
import { countCall } from "./metrics";
import { type Budget, BUDGET_WORDS, limiterFor } from "./rate-limit";

/** All a procedure reads of its request: a web Headers, or node:http's headers behind the same method. */
export type RequestHeaders = Pick<Headers, "get">;

export type CreateContextOptions = {
  headers: RequestHeaders;
  /**
   * Who is calling. HTTP requests get theirs from their credentials
   * (server/access/actor.ts); a server-side caller names its own.
   */
  actor: Actor;
  /** The process's configuration unless a test brings its own. */
  config?: AppConfig;
  log?: Logger;
};

export function createTRPCContext(options: CreateContextOptions) {
  return {
    headers: options.headers,
    actor: options.actor,
    config: options.config ?? getConfig(),
    log: options.log ?? logger,
  };
}
export type Context = ReturnType<typeof createTRPCContext>;

const t = initTRPC.context<Context>().create({
  isDev: false,
  // tRPC's own shape holds the JSON-RPC code typed as one of its codes: keeping it lets clients infer our `data`.
  errorFormatter: ({ error, path, shape }) => ({ ...errorShape(error, path), code: shape.code }),
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** What an operator needs to tell failures apart: the error's class and codes, never its message. */
function describeCause(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, status } = error as Error & { code?: unknown; status?: unknown };
  const inner = error.cause as (Error & { code?: unknown }) | undefined;
  return { name: error.name, code, status, innerCode: inner?.code };
}

/** Every call counted (server/metrics.ts), and every failure mapped to its code and logged once: one line per refused or failed call. */
const mappedFailures = t.middleware(async ({ ctx, path, next }) => {
  const started = performance.now();
  const result = await next();
  const seconds = (performance.now() - started) / 1000;
  if (result.ok) {
    countCall(path, seconds);
    return result;
  }
  const typed = toTRPCError(result.error, ctx.config.livekit.requestTimeoutMs);
  const reason = reasonOf(typed);
  countCall(path, seconds, { status: getHTTPStatusCodeFromError(typed), reason });
  const entry = {
    event: path.split(".").at(-1),
    outcome: typed.code,
    reason,
    durationMs: Math.round(performance.now() - started),
    ...(reason === "INTERNAL" || reason.startsWith("LIVEKIT_") ? { cause: describeCause(result.error.cause) } : {}),
  };
  if (reason === "INTERNAL") ctx.log.error(entry, typed.message);
  else ctx.log.warn(entry, typed.message);
  throw typed;
});

export const publicProcedure = t.procedure.use(mappedFailures);

/** A procedure that talks to LiveKit, with this configuration's clients. */
export const liveKitProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: { livekit: liveKitServices(ctx.config) } }));

async function spend(ctx: Context, budget: Budget, key: string): Promise<void> {
  const decision = await limiterFor(ctx.config, budget).consume(key);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds, BUDGET_WORDS[budget]);
}

/** The room and invite a procedure's input names, if any: what the policy judges. */
function accessRequestOf(input: unknown): AccessRequest {
  if (typeof input !== "object" || input === null) return {};
  const { roomName, invite } = input as { roomName?: unknown; invite?: unknown };
  return {
    roomName: typeof roomName === "string" ? roomName : undefined,
    invite: typeof invite === "string" ? invite : undefined,
  };
}

/**
 * The access decision, then the caller's budget: a procedure built on this
 * receives `ctx.grant`. Placed after `.input()`, it judges the validated input.
 * A server-side caller with no request (no Host) is inside the server: local.
 */
export function authorized(budget: Exclude<Budget, "refused">) {
  return t.middleware(async ({ ctx, input, next }) => {
    const address = clientKey(ctx.headers, ctx.config.trustedProxyHops);
    let grant: Grant;
    try {
      grant = await authorize(ctx.config.access, ctx.actor, accessRequestOf(input), whyNotLocal(ctx.headers));
    } catch (refusal) {
      // Refusals cost the server little, and spend only their own budget, never a member's.
      if (refusal instanceof AppFailure) await spend(ctx, "refused", address);
      throw refusal;
    }
    await spend(ctx, budget, grant.subject === undefined ? `client:${address}` : `${grant.role}:${grant.subject}`);
    return next({ ctx: { grant } });
  });
}
