/**
 * One guide per room, and a guide that comes back: two real guide workers on
 * the real livekit-server, rooms made by `livekit.join`, and a worker killed
 * the way a machine failure would kill it (SIGKILL to its process group).
 */
import { dispose } from "@livekit/rtc-node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import type { Person } from "../scripts/lib/room-person";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";

// Each test starts its own guide workers (a few seconds each on two cores) before it proves anything.
vi.setConfig({ testTimeout: 120_000 });

let bed: GuideTestBed;
const workers: GuideWorker[] = [];

function startWorker() {
  return startGuideWorker(bed.workerEnv).then((worker) => {
    workers.push(worker);
    return worker;
  });
}

beforeAll(() => {
  bed = guideTestBed("guide-resilience-test");
});

afterEach(async () => {
  await bed.leaveAll();
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

afterAll(async () => {
  await dispose();
  bed?.remove();
});

describe("one guide per room", () => {
  it("sends one guide however many people join a new room at once, with two workers ready", async () => {
    await Promise.all([startWorker(), startWorker()]);
    const roomName = uniqueRoom("crowd");
    const names = ["Ada", "Ben", "Cy", "Dee", "Eve", "Fay"];
    const crowd = await Promise.all(names.map((name) => bed.joinAs(name, roomName)));
    const greeting = (person: Person) => new RegExp(`^Hi ${person.name}! I'm your guide to`);
    await Promise.all(crowd.map((person) => person.nextFromGuide(greeting(person), `${person.name}'s greeting`)));

    expect((await bed.dispatches.listDispatch(roomName)).filter((dispatch) => dispatch.agentName === bed.agentName)).toHaveLength(1);
    expect(await bed.guidesIn(roomName)).toHaveLength(1);
    // Each person was greeted once, by that one guide.
    for (const person of crowd) {
      expect(person.fromGuides().filter((message) => greeting(person).test(message.text))).toHaveLength(1);
    }
  });

  it("keeps one guide when a room is dispatched twice (two app replicas without a shared lock)", async () => {
    await Promise.all([startWorker(), startWorker()]);
    const roomName = uniqueRoom("twice");
    const ada = await bed.joinAs("Ada", roomName);
    await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the first guide's greeting");
    const [room] = await bed.rooms.listRooms([roomName]);
    await bed.dispatches.createDispatch(roomName, bed.agentName, { metadata: room!.metadata });

    // The second guide joins, sees the first was there before it, and leaves it to them.
    await vi.waitFor(() => expect(workers.map((worker) => worker.output()).join("")).toContain("another guide is already in this room"), {
      timeout: 20_000,
      interval: 250,
    });
    await vi.waitFor(async () => expect(await bed.guidesIn(roomName)).toHaveLength(1), { timeout: 20_000, interval: 250 });
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
    const ada = await bed.joinAs("Ada", roomName);
    await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting");

    await first.crash();
    // LiveKit keeps a participant that vanished without a goodbye for a while (about 20 s here) in case it comes back.
    await ada.until(() => ada.guides().length === 0 || undefined, "the dead guide to leave the room", 60_000);
    expect(await bed.caller.livekit.recallGuide({ roomName })).toMatchObject({ status: "unavailable" });

    await startWorker();
    const greetings = ada.fromGuides().length;
    expect(await bed.caller.livekit.recallGuide({ roomName })).toMatchObject({ status: "joining" });
    await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "a greeting from the recalled guide", greetings, 15_000);
    expect(await bed.guidesIn(roomName)).toHaveLength(1);
    expect(await bed.caller.livekit.recallGuide({ roomName })).toMatchObject({ status: "present" });
  });
});
