/**
 * Per-client join limits, with rate-limiter-flexible.
 *
 * In memory by default (limits per app instance); with REDIS_URL, in Redis, so
 * every instance shares one budget per client. Should Redis fail, an in-memory
 * limiter takes over (the "insurance" limiter) rather than failing joins or
 * letting everything through.
 */
import "server-only";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { AppConfig } from "./env";
import { firstConnection, redisClient } from "./redis";

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };
export type JoinLimiter = { consume(clientKey: string): Promise<LimitDecision> };

const byConfig = new WeakMap<AppConfig, JoinLimiter>();

function build(config: AppConfig): JoinLimiter {
  const { joins, windowSeconds, redisUrl } = config.rateLimit;
  if (joins === 0) return { consume: async () => ({ allowed: true }) };
  const memory = new RateLimiterMemory({ keyPrefix: "join", points: joins, duration: windowSeconds });
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
      keyPrefix: "onboarding-rooms:join",
      points: joins,
      duration: windowSeconds,
      insuranceLimiter: memory,
    });
  }
  return {
    async consume(clientKey) {
      await connected;
      try {
        await limiter.consume(clientKey);
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

export function joinLimiter(config: AppConfig): JoinLimiter {
  let limiter = byConfig.get(config);
  if (!limiter) {
    limiter = build(config);
    byConfig.set(config, limiter);
  }
  return limiter;
}
