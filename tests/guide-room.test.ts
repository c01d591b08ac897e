/**
 * The guide in a live room: a real guide worker (agent/main.ts) registered
 * with the real livekit-server, rooms made by `livekit.join`, and people who
 * are real LiveKit participants reading and writing `lk.chat` as the page
 * does. The worker has an agent name of its own, so no other test's rooms
 * reach it.
 */
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import { AGENT_NAME_ATTRIBUTE } from "@/contract/guide";
import { CANARIES, PROBING_QUESTIONS } from "./support/guide-repository";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";

let bed: GuideTestBed;
let worker: GuideWorker;

beforeAll(async () => {
  bed = guideTestBed("guide-room-test");
  worker = await startGuideWorker(bed.workerEnv);
}, 90_000);

afterEach(() => bed.leaveAll());

afterAll(async () => {
  await worker?.stop();
  await dispose();
  bed?.remove();
});

const PATH_IN_BACKTICKS = /`[\w./-]+\.[a-z]+(:\d+)?`/;

describe("the guide in a room", () => {
  it("joins as an agent, greets each person by name and only them, and answers where-is questions", async () => {
    const roomName = uniqueRoom("greets");
    const ada = await bed.joinAs("Ada", roomName);

    const greeting = await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "a greeting that names Ada");
    expect(greeting.text).toMatch(PATH_IN_BACKTICKS);
    expect(greeting.text).toMatch(/Fleet Tracker/);
    const [guide] = ada.guides();
    expect(guide?.attributes[AGENT_NAME_ATTRIBUTE]).toBe(bed.agentName);
    await ada.until(() => guide?.attributes["lk.agent.state"] === "listening" || undefined, "the guide to be listening");

    const grace = await bed.joinAs("Grace", roomName);
    await grace.nextFromGuide(/^Hi Grace! I'm your guide/, "a greeting that names Grace");

    // People talk to each other too: the guide stays out of what is not a question for it.
    await ada.say("Thanks, Grace, nice to meet you");
    const answer = await ada.ask("where are telemetry messages consumed?");
    expect(answer.text).toMatch(/^@Ada /);
    expect(answer.text).toContain("`services/ingest/ingest/consumer.py");
    // Everyone sees answers; greetings were private (Ada's answer came after Grace's greeting, in order).
    await grace.until(() => grace.fromGuides().find((message) => message.text === answer.text), "Grace to see Ada's answer");
    expect(ada.fromGuides().filter((message) => /Grace/.test(message.text))).toEqual([]);
    expect(ada.fromGuides().filter((message) => message.text.startsWith("@Ada"))).toHaveLength(1);

    const how = await grace.ask("@guide how do I run the tests?");
    expect(how.text).toMatch(/make test/);
  });

  it("never repeats a secret, an ignored file or anything outside the repository", async () => {
    const eve = await bed.joinAs("Eve", uniqueRoom("probing"));
    await eve.nextFromGuide(/^Hi Eve! I'm your guide/, "a greeting");
    for (const question of PROBING_QUESTIONS) await eve.ask(question);
    const said = eve.fromGuides().map((message) => message.text);
    expect(said.length).toBeGreaterThan(PROBING_QUESTIONS.length);
    for (const text of said) {
      for (const canary of CANARIES) expect(text).not.toContain(canary);
      expect(text).not.toContain(bed.repository.parent);
      expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/); // a stack trace
    }
  });

  it("says why it cannot help in a room it cannot read, and keeps serving other rooms", async () => {
    const context = { id: "fleet", title: "Fleet Tracker", repoRoot: bed.repository.root };
    const cases = [
      { metadata: JSON.stringify({ version: 2, context }), reason: /newer version of Onboarding Rooms \(version 2/ },
      { metadata: "{ not json", reason: /not valid JSON/ },
      { metadata: JSON.stringify({ version: 1, context: { id: "fleet", title: "Fleet Tracker" } }), reason: /incomplete or malformed/ },
      {
        metadata: JSON.stringify({ version: 1, context: { ...context, repoRoot: path.join(bed.repository.parent, "gone") } }),
        reason: /does not exist/,
      },
    ];
    for (const { metadata, reason } of cases) {
      const person = await bed.joinDescribedRoom("Ben", metadata);
      const said = await person.nextFromGuide(reason, `the guide to say ${reason}`);
      expect(said.text).toMatch(/Ben/);
      const answer = await person.ask("where is the auth middleware?");
      expect(answer.text).toMatch(/can't (answer|read)/);
      expect(answer.text).not.toMatch(/middleware\.go/);
    }
    expect(worker.output()).not.toMatch(/uncaught|unhandled/i);

    const after = await bed.joinAs("Cy", uniqueRoom("after-bad"));
    await after.nextFromGuide(/^Hi Cy! I'm your guide/, "a greeting in a good room after the bad ones");
    expect((await after.ask("where is the auth middleware?")).text).toContain("services/api/internal/auth/middleware.go");
  });

  it("leaves when the last person does", async () => {
    const roomName = uniqueRoom("leaves");
    const dee = await bed.joinAs("Dee", roomName);
    const greeting = await dee.nextFromGuide(/^Hi Dee! I'm your guide/, "a greeting");
    // In a new room, with the repository known, the greeting follows the guide's join at once: Dee knew of the guide
    // first (a page shows a message from a sender it does not know yet as no one's). The race is the server's timing:
    // with the guide's wait removed this passed here, but a browser in a fresh-clone run saw the greeting first.
    expect(greeting.known).toBe(true);
    await dee.leave();
    bed.people.splice(bed.people.indexOf(dee), 1);
    await vi.waitFor(async () => expect(await bed.guidesIn(roomName)).toHaveLength(0), { timeout: 20_000, interval: 250 });
  });
});
