/**
 * What app replicas must agree on, through Redis when REDIS_URL is set, and
 * within the process otherwise:
 *  - a room's lock, held around its first createRoom and its agent's
 *    dispatch, so that two replicas on two LiveKit nodes cannot both create
 *    (and both dispatch to) one new room;
 *  - one-time claims with an expiry ("the guide was recalled for this room
 *    in the last 10 s"), so that a burst of requests acts once;
 *  - news that a room has finished (LiveKit tells one replica, through its
 *    webhook), so that every replica forgets it, over Redis pub/sub.
 * If Redis is unreachable, a replica carries on alone rather than failing
 * joins: each replica's own in-flight map still folds its concurrent joins.
 *
 * @see https://github.com/swarthy/redis-semaphore
 */
import "server-only";
import { LRUCache } from "lru-cache";
import type { Redis } from "ioredis";
import { Mutex } from "redis-semaphore";
import type { Logger } from "./logger";
import { firstConnection, redisClient } from "./redis";

export type Coordination = {
  /** Runs `work` holding the room's lock. */
  withRoomLock<T>(roomName: string, work: () => Promise<T>): Promise<T>;
  /** True for the first claim of `key` within `ms`; false while an earlier claim holds. */
  claim(key: string, ms: number): Promise<boolean>;
  /** Gives a claim up early (the work it guarded did not happen), so the next request can try. */
  release(key: string): Promise<void>;
  /** Tells every replica, this one included, that a room has finished. */
  announceRoomFinished(roomName: string): Promise<void>;
  /** Calls `listener` with each room any replica announces finished. */
  onRoomFinished(listener: (roomName: string) => void): void;
};

const PREFIX = "onboarding-rooms";
const ROOM_FINISHED_CHANNEL = `${PREFIX}:room-finished`;
/** How long a room lock may be held: longer than one createRoom and dispatch, bounded by the request timeout. */
const LOCK_MS = 10_000;

function localClaims(): Pick<Coordination, "claim" | "release"> {
  const claims = new LRUCache<string, true>({ max: 10_000, ttl: 60_000 });
  return {
    claim: async (key, ms) => {
      if (claims.has(key)) return false;
      claims.set(key, true, { ttl: ms });
      return true;
    },
    release: async (key) => void claims.delete(key),
  };
}

type RoomFinishedNews = Pick<Coordination, "announceRoomFinished" | "onRoomFinished">;

/** Listeners in this process: what every replica does with the news, and all of it without Redis. */
function localNews(): RoomFinishedNews & { tell: (roomName: string) => void } {
  const listeners: Array<(roomName: string) => void> = [];
  const tell = (roomName: string) => {
    for (const listener of listeners) listener(roomName);
  };
  return {
    tell,
    announceRoomFinished: async (roomName) => tell(roomName),
    onRoomFinished: (listener) => void listeners.push(listener),
  };
}

/**
 * The news over Redis pub/sub. A subscriber needs a connection of its own;
 * it is opened with the first listener and resubscribes after a reconnect.
 * A replica tells its own listeners at once as well: the news must not wait
 * for, or depend on, Redis.
 */
function redisNews(client: Redis, ready: Promise<void>, log: Logger): RoomFinishedNews {
  const local = localNews();
  let subscriber: Redis | undefined;
  return {
    async announceRoomFinished(roomName) {
      local.tell(roomName);
      // The news may be this replica's first use of Redis (the webhook can reach a replica no one has joined through).
      await ready;
      await client.publish(ROOM_FINISHED_CHANNEL, roomName).catch((error: Error) => {
        log.warn({ event: "room-finished", room: roomName, error: error.name }, "could not tell the other replicas a room finished");
      });
    },
    onRoomFinished(listener) {
      local.onRoomFinished(listener);
      if (subscriber) return;
      subscriber = client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
      subscriber.on("error", () => undefined);
      subscriber.on("message", (_channel: string, roomName: string) => local.tell(roomName));
      subscriber.subscribe(ROOM_FINISHED_CHANNEL).catch((error: Error) => {
        log.warn({ event: "room-finished", error: error.name }, "not listening for other replicas' finished rooms");
      });
    },
  };
}

export function createCoordination(redisUrl: string | undefined, log: Logger): Coordination {
  const local = localClaims();
  if (!redisUrl) {
    const news = localNews();
    return {
      withRoomLock: (_room, work) => work(),
      ...local,
      announceRoomFinished: news.announceRoomFinished,
      onRoomFinished: news.onRoomFinished,
    };
  }
  const client = redisClient(redisUrl);
  const ready = firstConnection(client);
  return {
    ...redisNews(client, ready, log),
    async withRoomLock(roomName, work) {
      await ready;
      const mutex = new Mutex(client, `${PREFIX}:room-lock:${roomName}`, {
        lockTimeout: LOCK_MS,
        acquireTimeout: LOCK_MS,
        retryInterval: 25,
      });
      let held = false;
      try {
        await mutex.acquire();
        held = true;
      } catch (error) {
        log.warn({ event: "room-lock", room: roomName, error: (error as Error).name }, "room lock unavailable; going ahead without it");
      }
      try {
        return await work();
      } finally {
        if (held) await mutex.release().catch(() => undefined);
      }
    },
    async claim(key, ms) {
      await ready;
      try {
        return (await client.set(`${PREFIX}:claim:${key}`, "1", "PX", ms, "NX")) === "OK";
      } catch {
        return local.claim(key, ms);
      }
    },
    async release(key) {
      await local.release(key);
      await client.del(`${PREFIX}:claim:${key}`).catch(() => undefined);
    },
  };
}
