/**
 * Beyond one machine: two livekit-server nodes sharing Redis, and two app
 * instances, each pointed at a different node and sharing a REDIS_URL.
 * Concurrent joins of one new room through both instances end in one room
 * (one sid), created exactly once: the instances take a shared lock per room
 * around its first createRoom (server/coordination.ts), which LiveKit alone
 * does not give (it picks a new room's node outside its own room lock).
 * (Browsers on different nodes seeing each other: e2e/multi-node.spec.ts.
 * One guide per room under the same race: tests/guide-races.test.ts.)
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
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const livekitRedis = await freshRedisDb(11);
    const appRedis = await freshRedisDb(13);
    closers.push(livekitRedis.close, appRedis.close);
    cluster = await startLiveKitCluster(livekitRedis);
    apps = await Promise.all(
      cluster.nodes.map((node) => startApp({ ...liveKitEnv(node), RATE_LIMIT_JOINS: "0", REDIS_URL: appRedis.url })),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await cluster?.stop();
    for (const close of closers) await close();
  });

  it.each([1, 2, 3, 4, 5])(
    "ends 20 concurrent joins of one new room through both instances in one room, created exactly once (race %i)",
    async () => {
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
    },
  );
});
