/**
 * The knowledge service holds an index per repository and revision: a room
 * that starts after the repository changed gets a new index that knows the
 * change, while a room still on the old one keeps it (an index a live room
 * uses is never dropped, even past the cap); once that room ends, the old
 * index goes. A real worker, with every room checking the revision
 * (GUIDE_KNOWLEDGE_RECHECK_SECONDS=0) and a cap of one idle index.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";
import { metricsUrlOf, metricValue } from "./support/worker-log";

let bed: GuideTestBed;
let worker: GuideWorker;
let metricsUrl: string;
const held = () => metricValue(metricsUrl, "onboarding_guide_knowledge_indexes_held");

beforeAll(async () => {
  bed = guideTestBed("knowledge-revisions");
  worker = await startGuideWorker({
    ...bed.workerEnv,
    GUIDE_METRICS_PORT: "0",
    GUIDE_KNOWLEDGE_RECHECK_SECONDS: "0",
    GUIDE_KNOWLEDGE_MAX_INDEXES: "1",
  });
  metricsUrl = await metricsUrlOf(worker);
});

afterAll(async () => {
  await bed?.leaveAll();
  await worker?.stop();
  bed?.remove();
  await dispose();
});

it("gives a room started after a change a new index, keeps the old one while its room lives, then drops it", async () => {
  const ada = await bed.joinAs("Ada", uniqueRoom("revision-old"));
  await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "Ada's greeting", 0, 30_000);
  // A real answer (a pointer into the repository), and not the file that does not exist yet.
  const before = (await ada.ask("where is reconcileOdometerReadings?")).text;
  expect(before).toMatch(/`[^`]+:\d+`/);
  expect(before).not.toContain("services/odometer-reconcile.ts");

  // A new file, not yet committed: it is part of the repository's revision (git lists untracked files too).
  writeFileSync(
    path.join(bed.repository.root, "services", "odometer-reconcile.ts"),
    "/** Lines up the vans' odometer readings with their trips. */\nexport function reconcileOdometerReadings(readings: number[]): number[] {\n  return [...readings].sort((a, b) => a - b);\n}\n",
  );
  const ben = await bed.joinAs("Ben", uniqueRoom("revision-new"));
  await ben.nextFromGuide(/^Hi Ben! I'm your guide/, "Ben's greeting", 0, 30_000);
  expect((await ben.ask("where is reconcileOdometerReadings?")).text).toContain("services/odometer-reconcile.ts");
  // Ada's room keeps the index it started with, and still answers from it.
  const after = (await ada.ask("where is reconcileOdometerReadings?")).text;
  expect(after).toMatch(/`[^`]+:\d+`/);
  expect(after).not.toContain("services/odometer-reconcile.ts");
  await vi.waitFor(async () => expect(await held()).toBe(2), { timeout: 10_000, interval: 250 });

  await ada.leave();
  await vi.waitFor(async () => expect(await held()).toBe(1), { timeout: 40_000, interval: 250 });
  expect((await ben.ask("where is reconcileOdometerReadings?")).text).toContain("services/odometer-reconcile.ts");
}, 120_000);
