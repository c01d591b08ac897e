/**
 * Beyond one machine: two livekit-server nodes sharing Redis, and two app
 * instances, each pointed at a different node and sharing a REDIS_URL.
 * Concurrent joins of one new room through both instances end in one room
 * (one sid), created exactly once: the instances take a shared lock per room
 * around its first createRoom (server/coordination.ts), which LiveKit alone
 * does not give (it picks a new room's node outside its own room lock).
 * The same race with a guide: two guide workers, one on each node, and
 * people on both nodes; the room gets one AGENT participant.
 * (Browsers on different nodes seeing each other: e2e/multi-node.spec.ts.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_PARTICIPANT_KIND } from "@/contract/guide";
import { uniqueRoom } from "./support/unique-room";
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { type GuideWorker, guideWorkerEnv, startGuideWorker } from "../scripts/lib/guide-process";
import { startLiveKitCluster, type LiveKitCluster } from "../scripts/lib/livekit-cluster";
import { Person } from "../scripts/lib/room-person";
import { createNodeClient } from "@/trpc/node";
import { type GuideRepository, makeGuideRepository } from "./support/guide-repository";
import { freshRedisDb } from "./support/redis";

const GUIDE = "cluster-guide";

describe("two LiveKit nodes on one Redis, two app instances", () => {
  let cluster: LiveKitCluster;
  let apps: AppProcess[] = [];
  let repository: GuideRepository;
  const workers: GuideWorker[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const livekitRedis = await freshRedisDb(11);
    const appRedis = await freshRedisDb(13);
    closers.push(livekitRedis.close, appRedis.close);
    repository = makeGuideRepository({ git: true });
    const cache = mkdtempSync(path.join(os.tmpdir(), "cluster-guide-cache-"));
    closers.push(async () => rmSync(cache, { recursive: true, force: true }));
    cluster = await startLiveKitCluster(livekitRedis);
    // Only the guide's room names the guide, so the race rooms above it get none.
    const contexts = JSON.stringify({
      default: "plain",
      contexts: {
        plain: { title: "Onboarding", repoRoot: repository.root },
        fleet: { title: "Fleet Tracker", repoRoot: repository.root, agentName: GUIDE },
      },
    });
    apps = await Promise.all(
      cluster.nodes.map((node) =>
        startApp({ ...liveKitEnv(node), RATE_LIMIT_JOINS: "0", REDIS_URL: appRedis.url, ONBOARDING_CONTEXTS: contexts }),
      ),
    );
    workers.push(
      ...(await Promise.all(
        cluster.nodes.map((node) => startGuideWorker(guideWorkerEnv(node, GUIDE, cache, { ONBOARDING_CONTEXTS: contexts }))),
      )),
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await dispose();
    repository?.remove();
    await Promise.all(apps.map((app) => app.stop()));
    await cluster?.stop();
    for (const close of closers) await close();
  });

  it.each([1, 2, 3, 4, 5])(
    "ends 20 concurrent joins of one new room through both instances in one room, created exactly once (race %i)",
    async () => {
      const roomName = uniqueRoom("cluster");
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

  it("sends one guide to a new room that both instances join at once, with a guide worker on each node", async () => {
    const roomName = uniqueRoom("cluster-guide");
    const clients = apps.map((app) => createNodeClient(app.url));
    const joins = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        clients[index % 2]!.livekit.join.mutate({ participantName: `P${index}`, roomName, context: "fleet" }),
      ),
    );
    expect(joins.filter((join) => join.roomCreated)).toHaveLength(1);
    // One person on each node: each is greeted, by the room's one guide.
    const people = await Promise.all(
      joins.slice(0, 2).map((join) => Person.join(join.serverUrl, join.participantToken, join.participantName)),
    );
    try {
      await Promise.all(people.map((person) => person.nextFromGuide(new RegExp(`^Hi ${person.name}! I'm your guide`), "a greeting")));
      const node = cluster.nodes[0]!;
      const dispatches = await new AgentDispatchClient(node.httpUrl, node.apiKey, node.apiSecret).listDispatch(roomName);
      expect(dispatches.filter((dispatch) => dispatch.agentName === GUIDE)).toHaveLength(1);
      for (const each of cluster.nodes) {
        const participants = await new RoomServiceClient(each.httpUrl, each.apiKey, each.apiSecret).listParticipants(roomName);
        expect(participants.filter((participant) => participant.kind === AGENT_PARTICIPANT_KIND)).toHaveLength(1);
      }
      for (const person of people) expect(person.guides()).toHaveLength(1);
    } finally {
      await Promise.all(people.map((person) => person.leave()));
    }
  });
});
