/**
 * A guide for every room, whoever joins it: a person who joins through the
 * typed Node client (no page to recall the guide) while no guide worker is
 * registered, so that the join's dispatch goes unserved (LiveKit 1.13.5 does
 * not retry it), gets the guide once a worker registers, because the app's
 * reconciler asks again; and one guide, not two.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { RoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AGENT_PARTICIPANT_KIND } from "@/contract/guide";
import { type AppProcess, liveKitEnv, startApp } from "../scripts/lib/app-process";
import { type GuideWorker, guideWorkerEnv, startGuideWorker } from "../scripts/lib/guide-process";
import { type LiveKitServer, startLiveKitServer } from "../scripts/lib/livekit-process";
import { Person } from "../scripts/lib/room-person";
import { createNodeClient } from "../trpc/node";
import { type GuideRepository, makeGuideRepository } from "./support/guide-repository";

let livekit: LiveKitServer;
let app: AppProcess;
let worker: GuideWorker | undefined;
let repository: GuideRepository;
let ada: Person | undefined;
let contexts: string;
const cache = mkdtempSync(path.join(os.tmpdir(), "guide-cache-"));
const agentName = `reconcile-${randomBytes(3).toString("hex")}`;

beforeAll(async () => {
  repository = makeGuideRepository({ git: true });
  livekit = await startLiveKitServer();
  contexts = JSON.stringify({ default: "fleet", contexts: { fleet: { title: "Fleet Tracker", repoRoot: repository.root, agentName } } });
  app = await startApp({ ...liveKitEnv(livekit), ONBOARDING_CONTEXTS: contexts, GUIDE_RECONCILE_SECONDS: "1" });
});

afterAll(async () => {
  await ada?.leave();
  await worker?.stop();
  await app?.stop();
  await livekit?.stop();
  await dispose();
  repository?.remove();
  rmSync(cache, { recursive: true, force: true });
});

it("gives a room joined before any worker registered its guide once one does, and only one", async () => {
  const joined = await createNodeClient(app.url).livekit.join.mutate({ participantName: "Ada" });
  ada = await Person.join(joined.serverUrl, joined.participantToken, "Ada");
  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  // The join's own dispatch found no worker.
  expect((await rooms.listParticipants(joined.roomName)).filter((each) => each.kind === AGENT_PARTICIPANT_KIND)).toHaveLength(0);

  worker = await startGuideWorker(guideWorkerEnv(livekit, agentName, cache, { ONBOARDING_CONTEXTS: contexts }));
  await ada.until(() => ada!.guides()[0], "the guide, with no page asking for it", 60_000);
  await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting", 0, 30_000);
  const agents = (await rooms.listParticipants(joined.roomName)).filter((each) => each.kind === AGENT_PARTICIPANT_KIND);
  expect(agents).toHaveLength(1);
}, 90_000);
