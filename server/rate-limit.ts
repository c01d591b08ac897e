/**
 * Budgets, with rate-limiter-flexible: how many calls of each kind one caller
 * may make per window. Who "one caller" is comes from the access decision
 * (server/trpc.ts): a member, a service, an invite's session, or in open mode
 * the client address. Calls the policy refused spend a budget of their own,
 * keyed by the client address, so a flood of them never touches anyone's.
 *
 * In memory by default (limits per app instance); with REDIS_URL, in Redis, so
 * every instance shares one budget per caller. Should Redis fail, an
 * in-memory limiter takes over (the "insurance" limiter) rather than failing
 * calls or letting everything through.
 */
import "server-only";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { AppConfig } from "./env";
import { firstConnection, redisClient } from "./redis";

/** What a budget is spent on. */
export type Budget = "join" | "recall" | "read" | "refused";

/** How each budget's refusal names what there were too many of. */
export const BUDGET_WORDS: Record<Budget, string> = {
  join: "joins",
  recall: "guide recalls",
  read: "requests",
  refused: "refused requests from here",
};

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };
export type Limiter = { consume(key: string): Promise<LimitDecision> };

const byConfig = new WeakMap<AppConfig, Map<Budget, Limiter>>();

function build(config: AppConfig, budget: Budget): Limiter {
  const { windowSeconds, redisUrl } = config.rateLimit;
  const points = config.rateLimit.budgets[budget];
  if (points === 0) return { consume: async () => ({ allowed: true }) };
  const memory = new RateLimiterMemory({ keyPrefix: budget, points, duration: windowSeconds });
  let limiter: RateLimiterAbstract = memory;
  let connected: Promise<void> = Promise.resolve();
  if (redisUrl) {
    const client = redisClient(redisUrl);
    // Without an offline queue, commands sent before the first connection fail
    // over to the per-instance insurance limiter; so the first requests wait
    // (at most a second) for that connection to be made or to fail.
    connected = firstConnection(client);
    limiter = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `onboarding-rooms:${budget}`,
      points,
      duration: windowSeconds,
      insuranceLimiter: memory,
    });
  }
  return {
    async consume(key) {
      await connected;
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        }
        throw rejection;
      }
    },
  };
}

export function limiterFor(config: AppConfig, budget: Budget): Limiter {
  let limiters = byConfig.get(config);
  if (!limiters) {
    limiters = new Map();
    byConfig.set(config, limiters);
  }
  let limiter = limiters.get(budget);
  if (!limiter) {
    limiter = build(config, budget);
    limiters.set(budget, limiter);
  }
  return limiter;
}
