/**
 * The guide's voice costs nothing while it is silent: its microphone track is
 * published while it speaks (the greeting, aloud) and put away once it has
 * played out, since a published track is encoded all the time, silence
 * included (measured: about 7% of a core per idle room before, 2.5% after).
 */
import { dispose, TrackSource } from "@livekit/rtc-node";
import { afterAll, beforeAll, it } from "vitest";
import { AGENT_STATE_ATTRIBUTE } from "@/agent/guide/agent-state";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";

let bed: GuideTestBed;
let worker: GuideWorker;

beforeAll(async () => {
  bed = guideTestBed("voice");
  worker = await startGuideWorker(bed.workerEnv);
});

afterAll(async () => {
  await bed?.leaveAll();
  await worker?.stop();
  bed?.remove();
  await dispose();
});

it("publishes the guide's voice while it speaks, and none while it is silent", async () => {
  const ada = await bed.joinAs("Ada", uniqueRoom("voice"));
  const voice = () =>
    [...(ada.guides()[0]?.trackPublications.values() ?? [])].filter((publication) => publication.source === TrackSource.SOURCE_MICROPHONE);
  await ada.until(
    () => ada.guides()[0]?.attributes[AGENT_STATE_ATTRIBUTE] === "speaking" && voice().length === 1,
    "the guide speaking, aloud",
    45_000,
  );
  await ada.until(
    () => ada.guides()[0]?.attributes[AGENT_STATE_ATTRIBUTE] === "listening" && voice().length === 0,
    "the guide silent, its voice put away",
    45_000,
  );
}, 90_000);
