/**
 * Beyond one machine: two livekit-server nodes sharing Redis, and two app
 * instances, each pointed at a different node. Concurrent joins of one room
 * through both instances end in one room (one sid), created at most once per
 * instance. (Exactly once across instances is not guaranteed: LiveKit picks a
 * new room's node outside its room lock, so two nodes can both start it and
 * each answer with its own caller's metadata; see the README's production
 * topology.)
 * (Browsers on different nodes seeing each other: e2e/multi-node.spec.ts.)
 */
import { randomBytes } from "node:crypto";
import { RoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { startLiveKitCluster, type LiveKitCluster } from "../scripts/lib/livekit-cluster";
import { createNodeClient } from "@/trpc/node";
import { freshRedisDb } from "./support/redis";

describe("two LiveKit nodes on one Redis, two app instances", () => {
  let cluster: LiveKitCluster;
  let apps: AppProcess[] = [];
  let closeRedis: () => Promise<void>;

  beforeAll(async () => {
    const redis = await freshRedisDb(11);
    closeRedis = redis.close;
    cluster = await startLiveKitCluster(redis);
    apps = await Promise.all(cluster.nodes.map((node) => startApp({ ...liveKitEnv(node), RATE_LIMIT_JOINS: "0" })));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await cluster?.stop();
    await closeRedis?.();
  });

  it("ends 20 concurrent joins of one room through both instances in one room, created at most once per instance", async () => {
    const roomName = `cluster-${randomBytes(6).toString("hex")}`;
    const clients = apps.map((app) => createNodeClient(app.url));
    const joins = await Promise.all(
      Array.from({ length: 20 }, (_, index) => clients[index % 2]!.livekit.join.mutate({ participantName: `P${index}`, roomName })),
    );
    expect(new Set(joins.map((join) => join.roomSid)).size).toBe(1);
    // Within an instance, concurrent joins share one createRoom: at most one of its joins created the room.
    for (const [instance] of apps.entries()) {
      const created = joins.filter((join, index) => index % 2 === instance && join.roomCreated);
      expect(created.length).toBeLessThanOrEqual(1);
    }
    expect(joins.some((join) => join.roomCreated)).toBe(true);
    // Each instance handed out its own node's URL, and both nodes know the one room.
    expect(new Set(joins.map((join) => join.serverUrl))).toEqual(new Set(cluster.nodes.map((node) => node.url)));
    for (const node of cluster.nodes) {
      const rooms = new RoomServiceClient(node.httpUrl, node.apiKey, node.apiSecret);
      expect((await rooms.listRooms([roomName])).map((room) => room.sid)).toEqual([joins[0]!.roomSid]);
    }
  });
});
