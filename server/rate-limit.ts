/**
 * Per-client join limits, with rate-limiter-flexible.
 *
 * In memory by default (limits per app instance); with REDIS_URL, in Redis, so
 * every instance shares one budget per client. Should Redis fail, an in-memory
 * limiter takes over (the "insurance" limiter) rather than failing joins or
 * letting everything through.
 */
import "server-only";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { AppConfig } from "./env";
import { logger } from "./logger";

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };
export type JoinLimiter = { consume(clientKey: string): Promise<LimitDecision> };

const byConfig = new WeakMap<AppConfig, JoinLimiter>();

function build(config: AppConfig): JoinLimiter {
  const { joins, windowSeconds, redisUrl } = config.rateLimit;
  if (joins === 0) return { consume: async () => ({ allowed: true }) };
  const memory = new RateLimiterMemory({ keyPrefix: "join", points: joins, duration: windowSeconds });
  let limiter: RateLimiterAbstract = memory;
  let firstConnection: Promise<void> = Promise.resolve();
  if (redisUrl) {
    const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    // ioredis reports connection trouble as events; the insurance limiter covers the requests meanwhile.
    client.on("error", (error: Error & { code?: string }) =>
      logger.warn({ event: "redis", code: error.code ?? null }, "rate-limit store unavailable"),
    );
    // Without an offline queue, commands sent before the first connection fail
    // over to the per-instance insurance limiter; so the first requests wait
    // (at most a second) for that connection to be made or to fail.
    firstConnection = new Promise((resolve) => {
      client.once("ready", () => resolve());
      client.once("error", () => resolve());
      setTimeout(resolve, 1_000).unref();
    });
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
      await firstConnection;
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
