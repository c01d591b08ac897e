/**
 * One guide per room, and a guide that comes back: two real guide workers on
 * the real livekit-server, rooms made by `livekit.join`, and a worker killed
 * the way a machine failure would kill it (SIGKILL to its process group).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import { callerFor, configFor } from "./support/caller";
import { type GuideRepository, makeGuideRepository } from "./support/guide-repository";
import { Person } from "../scripts/lib/room-person";

// Each test starts its own guide workers (a few seconds each on two cores) before it proves anything.
vi.setConfig({ testTimeout: 120_000 });

const livekit = inject("livekit");
const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
const dispatches = new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
const GUIDE = `guide-resilience-test-${randomBytes(3).toString("hex")}`;
/** ParticipantInfo.Kind.AGENT in LiveKit's protocol. */
const AGENT_KIND = 4;
const uniqueRoom = (label: string) => `${label}-${randomBytes(6).toString("hex")}`;

let repository: GuideRepository;
let cache: string;
let caller: ReturnType<typeof callerFor>;
const workers: GuideWorker[] = [];
const people: Person[] = [];

function startWorker() {
  return startGuideWorker({
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    ONBOARDING_AGENT_NAME: GUIDE,
    GUIDE_CACHE_DIR: cache,
  }).then((worker) => {
    workers.push(worker);
    return worker;
  });
}

async function joinAs(name: string, roomName: string): Promise<Person> {
  const joined = await caller.livekit.join({ participantName: name, roomName });
  const person = await Person.join(joined.serverUrl, joined.participantToken, name);
  people.push(person);
  return person;
}

async function guidesIn(roomName: string) {
  return (await rooms.listParticipants(roomName)).filter((participant) => participant.kind === AGENT_KIND);
}

beforeAll(() => {
  repository = makeGuideRepository({ git: true });
  cache = mkdtempSync(path.join(os.tmpdir(), "guide-cache-"));
  caller = callerFor(
    configFor(livekit, {
      ONBOARDING_CONTEXTS: JSON.stringify({
        default: "fleet",
        contexts: { fleet: { title: "Fleet Tracker", repoRoot: repository.root, agentName: GUIDE } },
      }),
    }),
  );
});

afterEach(async () => {
  await Promise.all(people.splice(0).map((person) => person.leave()));
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

afterAll(async () => {
  await dispose();
  rmSync(cache, { recursive: true, force: true });
  repository?.remove();
});

describe("one guide per room", () => {
  it("sends one guide however many people join a new room at once, with two workers ready", async () => {
    await Promise.all([startWorker(), startWorker()]);
    const roomName = uniqueRoom("crowd");
    const names = ["Ada", "Ben", "Cy", "Dee", "Eve", "Fay"];
    const crowd = await Promise.all(names.map((name) => joinAs(name, roomName)));
    const greeting = (person: Person) => new RegExp(`^Hi ${person.name}! I'm your guide to`);
    await Promise.all(crowd.map((person) => person.nextFromGuide(greeting(person), `${person.name}'s greeting`)));

    expect((await dispatches.listDispatch(roomName)).filter((dispatch) => dispatch.agentName === GUIDE)).toHaveLength(1);
    expect(await guidesIn(roomName)).toHaveLength(1);
    // Each person was greeted once, by that one guide.
    for (const person of crowd) {
      expect(person.fromGuides().filter((message) => greeting(person).test(message.text))).toHaveLength(1);
    }
  });

  it("keeps one guide when a room is dispatched twice (two app replicas without a shared lock)", async () => {
    await Promise.all([startWorker(), startWorker()]);
    const roomName = uniqueRoom("twice");
    const ada = await joinAs("Ada", roomName);
    await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the first guide's greeting");
    const [room] = await rooms.listRooms([roomName]);
    await dispatches.createDispatch(roomName, GUIDE, { metadata: room!.metadata });

    // The second guide joins, sees the first was there before it, and leaves it to them.
    await vi.waitFor(() => expect(workers.map((worker) => worker.output()).join("")).toContain("another guide is already in this room"), {
      timeout: 20_000,
      interval: 250,
    });
    await vi.waitFor(async () => expect(await guidesIn(roomName)).toHaveLength(1), { timeout: 20_000, interval: 250 });
    // The guide that stays is the one that was there first: it knows the repository, and it does not greet Ada again.
    const answer = await ada.ask("where is the auth middleware?");
    expect(answer.text).toContain("services/api/internal/auth/middleware.go");
    expect(ada.fromGuides().filter((message) => message.text.includes("middleware.go"))).toHaveLength(1);
    expect(ada.fromGuides().filter((message) => /^Hi Ada! I'm your guide/.test(message.text))).toHaveLength(1);
  });
});

describe("a guide whose worker dies", () => {
  it("is gone from the room, is reported unavailable while no worker runs, and comes back when recalled", async () => {
    const first = await startWorker();
    const roomName = uniqueRoom("recall");
    const ada = await joinAs("Ada", roomName);
    await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting");

    await first.crash();
    // LiveKit keeps a participant that vanished without a goodbye for a while (about 20 s here) in case it comes back.
    await ada.until(() => ada.guides().length === 0 || undefined, "the dead guide to leave the room", 60_000);
    expect(await caller.livekit.recallGuide({ roomName })).toMatchObject({ status: "unavailable" });

    await startWorker();
    const greetings = ada.fromGuides().length;
    expect(await caller.livekit.recallGuide({ roomName })).toMatchObject({ status: "joining" });
    await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "a greeting from the recalled guide", greetings, 15_000);
    expect(await guidesIn(roomName)).toHaveLength(1);
    expect(await caller.livekit.recallGuide({ roomName })).toMatchObject({ status: "present" });
  });
});
