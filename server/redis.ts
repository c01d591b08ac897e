/**
 * One Redis connection per REDIS_URL for the whole process, shared by the
 * join limits and the replicas' coordination (coordination.ts). No offline
 * queue: a command sent while Redis is away fails at once, and each user of
 * the connection decides what that means for it.
 *
 * @see https://github.com/redis/ioredis
 */
import "server-only";
import { Redis } from "ioredis";
import { logger } from "./logger";

const clients = new Map<string, Redis>();

export function redisClient(url: string): Redis {
  let client = clients.get(url);
  if (!client) {
    client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    // ioredis reports connection trouble as events; each user has its own fallback meanwhile.
    client.on("error", (error: Error & { code?: string }) =>
      logger.warn({ event: "redis", code: error.code ?? null }, "Redis unavailable"),
    );
    clients.set(url, client);
  }
  return client;
}

const firstConnections = new WeakMap<Redis, Promise<void>>();

/**
 * Resolves once the client is connected or has failed (at most 1 s), so early
 * requests do not fall back needlessly. One wait per client, however many of
 * its users ask.
 */
export function firstConnection(client: Redis): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  let waiting = firstConnections.get(client);
  if (!waiting) {
    waiting = new Promise((resolve) => {
      client.once("ready", () => resolve());
      client.once("error", () => resolve());
      setTimeout(resolve, 1_000).unref();
    });
    firstConnections.set(client, waiting);
  }
  return waiting;
}
