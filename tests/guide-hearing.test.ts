/**
 * Push-to-talk (contract/hearing.ts) with real parts: the real guide in a
 * room on the real livekit-server, Debian's pocketsphinx hearing with the
 * fixture repository's grammar, and bare participants (rtc-node, not the
 * page) whose microphones send espeak-ng speech, as any client may.
 *
 * - Ada holds (`{ on: true }` resolves once her first frame is in), asks,
 *   releases: the chat shows "Ada, aloud: …", then the answer with the right
 *   file, and everyone saw the guide's listening attribute name her, only
 *   while it listened.
 * - Grace talks without holding the button, before and during Ada's
 *   question: she is never transcribed.
 * - Refusals: no microphone, a muted one, two people at once, releasing
 *   without holding, and a question over 20 s.
 */
import { dispose, RoomEvent, TrackSource } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODE_VIEW_ERRORS } from "@/contract/code-view";
import { LISTEN_METHOD, LISTENING_ATTRIBUTE, ListenResponse, MAX_LISTEN_SECONDS, parseListening } from "@/contract/hearing";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import type { Person } from "../scripts/lib/room-person";
import { Microphone, synthesize } from "../scripts/lib/spoken-question";
import { callGuide as call } from "./support/guide-rpc";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";

let bed: GuideTestBed;
let worker: GuideWorker;
let roomName: string;
let ada: Person;
let grace: Person;
let adaMicrophone: Microphone;
let graceMicrophone: Microphone;
/** Every value of the guide's listening attribute Ada saw, in order. */
const listeningSeen: string[] = [];

beforeAll(async () => {
  bed = guideTestBed("hearing");
  worker = await startGuideWorker(bed.workerEnv);
  roomName = uniqueRoom("hearing");
  ada = await bed.joinAs("Ada", roomName);
  await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting", 0, 30_000);
  grace = await bed.joinAs("Grace", roomName);
  await grace.nextFromGuide(/^Hi Grace!/, "Grace's greeting", 0, 30_000);
  ada.room.on(RoomEvent.ParticipantAttributesChanged, (changed: Record<string, string>) => {
    if (LISTENING_ATTRIBUTE in changed) listeningSeen.push(changed[LISTENING_ATTRIBUTE]!);
  });
  adaMicrophone = await Microphone.publish(ada.room.localParticipant!);
  graceMicrophone = await Microphone.publish(grace.room.localParticipant!);
}, 90_000);

afterAll(async () => {
  await adaMicrophone?.close();
  await graceMicrophone?.close();
  await bed?.leaveAll();
  await worker?.stop();
  bed?.remove();
  await dispose();
});

async function listen(person: Person, on: boolean) {
  const outcome = await call(person, LISTEN_METHOD, { on });
  if (!("ok" in outcome)) throw new Error(`refused: ${outcome.code} ${outcome.message}`);
  return ListenResponse.parse(outcome.ok);
}

const guideMessagesOf = (person: Person) => person.fromGuides().map((message) => message.text);

describe("onboarding.listen", () => {
  it("hears a held question, posts it as the person's, and answers it; a person not holding the button is never heard", async () => {
    // Grace talks to the room before anyone holds the button.
    await graceMicrophone.speak(synthesize("where is the vehicle store", { voice: "en-us+f3" }));
    const before = ada.fromGuides().length;

    expect(await listen(ada, true)).toEqual({ listening: true, maxSeconds: MAX_LISTEN_SECONDS });
    await ada.until(() => parseListening(ada.guides()[0]?.attributes[LISTENING_ATTRIBUTE])?.name === "Ada", "the guide listening to Ada");
    // Grace talks over Ada too: only the one holding the button is heard.
    await Promise.all([
      adaMicrophone.speak(synthesize("what is speed alert rule")),
      graceMicrophone.speak(synthesize("where is the docker compose file", { voice: "en-us+f3" })),
    ]);
    const released = await listen(ada, false);
    expect(released).toEqual({ listening: false, heard: "what is speed alert rule" });

    const aloud = await ada.nextFromGuide(/^Ada, aloud:/, "Ada's question in the chat", before);
    expect(aloud.text).toBe("Ada, aloud: what is speed alert rule?");
    const answer = await ada.nextFromGuide(/^@Ada /, "the answer", before);
    expect(answer.text).toContain("`services/ingest/ingest/alerts.py:");
    expect(guideMessagesOf(ada).join("\n")).not.toMatch(/Grace, aloud|vehicle store|docker compose/);
    // The attribute named Ada while the guide listened, and nobody after.
    await ada.until(() => !ada.guides()[0]?.attributes[LISTENING_ATTRIBUTE], "the listening attribute cleared");
    expect(listeningSeen.map((value) => parseListening(value)?.name ?? "")).toEqual(["Ada", ""]);
  });

  it("hears one person at a time, even when two press at once, and refuses a release without a press", async () => {
    const [fromAda, fromGrace] = await Promise.all([call(ada, LISTEN_METHOD, { on: true }), call(grace, LISTEN_METHOD, { on: true })]);
    const outcomes = [fromAda, fromGrace];
    expect(outcomes.filter((outcome) => "ok" in outcome)).toHaveLength(1);
    const [refusedOne] = outcomes.filter((outcome) => !("ok" in outcome));
    expect(refusedOne).toMatchObject({ code: CODE_VIEW_ERRORS.SOMEONE_ELSE_ASKING });
    const listener = "ok" in fromAda ? ada : grace;
    const other = listener === ada ? grace : ada;
    expect("message" in refusedOne! && refusedOne.message).toMatch(new RegExp(`^${listener.name} is asking the guide right now`));
    await listen(listener, false);
    expect(await call(other, LISTEN_METHOD, { on: false })).toMatchObject({ code: CODE_VIEW_ERRORS.NOT_LISTENING });
  });

  it("refuses someone with no microphone, and a muted microphone with the offer to unmute", async () => {
    const alan = await bed.joinAs("Alan", roomName);
    await alan.nextFromGuide(/^Hi Alan!/, "Alan's greeting", 0, 30_000);
    const none = await call(alan, LISTEN_METHOD, { on: true });
    expect(none).toMatchObject({ code: CODE_VIEW_ERRORS.NO_MICROPHONE });
    expect("message" in none && none.message).toMatch(/type your question/);

    // Muted as a page mutes it (the server's mute is the same flag on the publication).
    await bed.rooms.mutePublishedTrack(roomName, grace.identity, graceMicrophone.sid, true);
    await ada.until(
      () =>
        [...(ada.room.remoteParticipants.get(grace.identity)?.trackPublications.values() ?? [])].find(
          (publication) => publication.source === TrackSource.SOURCE_MICROPHONE && publication.muted,
        ),
      "Grace's microphone muted",
    );
    const muted = await call(grace, LISTEN_METHOD, { on: true });
    expect(muted).toMatchObject({ code: CODE_VIEW_ERRORS.MICROPHONE_MUTED });
    expect("message" in muted && muted.message).toMatch(/Unmute it to ask aloud \(everyone in the room will hear you too\)/);
  });

  it(`stops listening after ${MAX_LISTEN_SECONDS} s, keeps nothing, and says so`, async () => {
    const before = ada.fromGuides().length;
    await listen(ada, true);
    const told = await ada.nextFromGuide(/longer than 20 s/, "the too-long message", before, (MAX_LISTEN_SECONDS + 10) * 1000);
    expect(told.text).toMatch(/I stopped listening and kept nothing/);
    expect(await call(ada, LISTEN_METHOD, { on: false })).toMatchObject({ code: CODE_VIEW_ERRORS.NOT_LISTENING });
    expect(guideMessagesOf(ada).slice(before).join("\n")).not.toMatch(/aloud/);
  }, 60_000);
});
