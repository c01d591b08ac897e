/**
 * The guide worker's Prometheus metrics, scraped by a real Prometheus
 * (Debian's) from the worker's own /metrics port, while real people use a
 * real guide: the job process reports over the worker's socket, and the
 * worker counts rooms, greetings, answers by kind, index loads and the RPC
 * refusals of the read gate. When the last person leaves, the room is gone
 * from the count.
 */
import { dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CODE_VIEW_ERRORS, READ_FILE_METHOD } from "@/contract/code-view";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import { type PrometheusServer, startPrometheus } from "../scripts/lib/prometheus-process";
import type { Person } from "../scripts/lib/room-person";
import { callGuide } from "./support/guide-rpc";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";
import { metricsUrlOf } from "./support/worker-log";

let bed: GuideTestBed;
let worker: GuideWorker;
let prometheus: PrometheusServer;
let ada: Person;

beforeAll(async () => {
  bed = guideTestBed("metrics");
  worker = await startGuideWorker({ ...bed.workerEnv, GUIDE_METRICS_PORT: "0" });
  const announced = await metricsUrlOf(worker);
  prometheus = await startPrometheus([{ job: "guide", url: announced }]);
});

afterAll(async () => {
  await bed?.leaveAll();
  await prometheus?.stop();
  await worker?.stop();
  bed?.remove();
  await dispose();
});

const eventually = (promql: string, timeout = 20_000) => expect.poll(() => prometheus.query(promql), { timeout, interval: 500 });

it("counts the room, its greeting, its answers, its index and its refusals, and forgets the room when it ends", async () => {
  await eventually('up{job="guide"}').toBe(1);
  ada = await bed.joinAs("Ada", uniqueRoom("metrics"));
  await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting", 0, 30_000);
  await ada.ask("where is the auth middleware?");
  await ada.ask("how do I run the tests?");
  expect(await callGuide(ada, READ_FILE_METHOD, { path: ".env" })).toMatchObject({ code: CODE_VIEW_ERRORS.HOLDS_CREDENTIALS });

  await eventually("onboarding_guide_rooms_active").toBe(1);
  await eventually("onboarding_guide_greetings_total").toBe(1);
  await eventually('onboarding_guide_answers_total{kind="where"}').toBe(1);
  await eventually('onboarding_guide_answers_total{kind="how"}').toBe(1);
  await eventually("onboarding_guide_answer_duration_seconds_count").toBe(2);
  await eventually("sum(onboarding_guide_index_loads_total)").toBe(1);
  await eventually(`onboarding_guide_rpc_refusals_total{method="onboarding.readFile",code="${CODE_VIEW_ERRORS.HOLDS_CREDENTIALS}"}`).toBe(
    1,
  );
  // The fixture's planted inline token: one line blanked while indexing.
  expect(await prometheus.query("onboarding_guide_redacted_lines_total")).toBeGreaterThanOrEqual(1);

  await ada.leave();
  await eventually("onboarding_guide_rooms_active", 40_000).toBe(0);
}, 120_000);
