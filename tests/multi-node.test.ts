/**
 * Beyond one machine: two livekit-server nodes sharing Redis, and two app
 * instances, each pointed at a different node. Concurrent joins of one room
 * through both instances end in one room (one sid), created exactly once.
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

  it("ends 20 concurrent joins of one room through both instances in one room, created once", async () => {
    const roomName = `cluster-${randomBytes(6).toString("hex")}`;
    const clients = apps.map((app) => createNodeClient(app.url));
    const joins = await Promise.all(
      Array.from({ length: 20 }, (_, index) => clients[index % 2]!.livekit.join.mutate({ participantName: `P${index}`, roomName })),
    );
    expect(new Set(joins.map((join) => join.roomSid)).size).toBe(1);
    expect(joins.filter((join) => join.roomCreated)).toHaveLength(1);
    // Each instance handed out its own node's URL, and both nodes know the one room.
    expect(new Set(joins.map((join) => join.serverUrl))).toEqual(new Set(cluster.nodes.map((node) => node.url)));
    for (const node of cluster.nodes) {
      const rooms = new RoomServiceClient(node.httpUrl, node.apiKey, node.apiSecret);
      expect((await rooms.listRooms([roomName])).map((room) => room.sid)).toEqual([joins[0]!.roomSid]);
    }
  });
});
