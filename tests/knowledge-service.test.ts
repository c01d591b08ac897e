/**
 * The worker's knowledge service, with a real worker, real job processes and
 * a real LiveKit server: two rooms on one repository share one index (the
 * worker's own /metrics says so); killing the service mid-session costs no
 * room, and answers come back; and its socket refuses a process without the
 * worker's secret, and cannot be opened at all by another user's process.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";
import { logged, metricsUrlOf, metricValue } from "./support/worker-log";

let bed: GuideTestBed;
let worker: GuideWorker;
let metricsUrl: string;

type ServiceStarted = { servicePid: number; socket: string };
const serviceStarts = () => logged<ServiceStarted>(worker, "knowledge-service").filter((line) => line.servicePid !== undefined);
const metric = (series: string) => metricValue(metricsUrl, series);

beforeAll(async () => {
  bed = guideTestBed("knowledge-service");
  worker = await startGuideWorker({ ...bed.workerEnv, GUIDE_METRICS_PORT: "0" });
  metricsUrl = await metricsUrlOf(worker);
  expect(serviceStarts()).toHaveLength(1);
});

afterAll(async () => {
  await bed?.leaveAll();
  await worker?.stop();
  bed?.remove();
  await dispose();
});

describe("one knowledge service for the worker's rooms", () => {
  it("holds one index for two rooms on one repository, and the metrics show it", async () => {
    const ada = await bed.joinAs("Ada", uniqueRoom("shared-a"));
    await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "Ada's greeting", 0, 30_000);
    const ben = await bed.joinAs("Ben", uniqueRoom("shared-b"));
    await ben.nextFromGuide(/^Hi Ben! I'm your guide/, "Ben's greeting", 0, 30_000);
    expect((await ben.ask("where is the auth middleware?")).text).toContain("services/api/internal/auth/middleware.go");

    await vi.waitFor(
      async () => {
        expect(await metric("onboarding_guide_knowledge_rooms_connected")).toBe(2);
        expect(await metric("onboarding_guide_knowledge_indexes_held")).toBe(1);
        expect(await metric('onboarding_guide_index_loads_total{source="memory"}')).toBe(1);
      },
      { timeout: 15_000, interval: 250 },
    );
    expect(await metric("onboarding_guide_knowledge_resident_memory_bytes")).toBeGreaterThan(0);
    await ada.leave();
    await ben.leave();
  }, 90_000);

  it("survives the service being killed mid-session: the room stays, and answers resume", async () => {
    const roomName = uniqueRoom("service-crash");
    const ada = await bed.joinAs("Ada", roomName);
    await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting", 0, 30_000);
    const [guide] = await bed.guidesIn(roomName);
    const before = serviceStarts().length;
    const service = serviceStarts().at(-1)!.servicePid;

    // Hung first, so that the question waits on it and Ada is told; then killed, as a crash would.
    process.kill(service, "SIGSTOP");
    const asked = ada.fromGuides().length;
    try {
      await ada.say("where is the auth middleware?");
      await ada.nextFromGuide(/^One moment: this is taking longer than usual; your answer follows\.$/, "the notice", asked, 10_000);
    } finally {
      process.kill(service, "SIGKILL");
    }
    const answer = await ada.nextFromGuide(/middleware\.go/, "the answer after the service restarted", asked, 30_000);
    expect(answer.text).toContain("services/api/internal/auth/middleware.go");
    await vi.waitFor(() => expect(serviceStarts().length).toBe(before + 1), { timeout: 5_000, interval: 100 });
    // The same guide, never gone from the room.
    expect((await bed.guidesIn(roomName)).map((each) => each.identity)).toEqual([guide!.identity]);
    expect(await metric("onboarding_guide_knowledge_service_restarts_total")).toBe(1);

    // Killed outright, and asked at once (while it restarts, most likely): answered once it is back.
    process.kill(serviceStarts().at(-1)!.servicePid, "SIGKILL");
    const askedAgain = ada.fromGuides().length;
    await ada.say("where is the auth middleware?");
    await ada.nextFromGuide(/middleware\.go/, "the answer while the service restarts", askedAgain, 30_000);
    await vi.waitFor(() => expect(serviceStarts().length).toBe(before + 2), { timeout: 10_000, interval: 100 });
    await ada.leave();
  }, 90_000);
});

describe("the service's socket", () => {
  /** What the service says to a connection that presents `secret` and opens the fixture's root, within `ms`. */
  function converse(secret: string, ms = 5_000): Promise<{ said: string; closedByService: boolean }> {
    const { socket: path } = serviceStarts().at(-1)!;
    return new Promise((resolve) => {
      const socket = connect(path);
      let said = "";
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ said, closedByService: false });
      }, ms);
      socket.on("data", (chunk) => {
        said += chunk.toString();
        if (said.includes('"status":"ready"')) {
          clearTimeout(timer);
          socket.destroy();
          resolve({ said, closedByService: false });
        }
      });
      socket.on("close", () => {
        clearTimeout(timer);
        resolve({ said, closedByService: true });
      });
      socket.on("connect", () => {
        socket.write(`${JSON.stringify({ type: "hello", secret })}\n`);
        socket.write(`${JSON.stringify({ type: "open", root: bed.repository.root })}\n`);
      });
    });
  }

  it("answers a process with the worker's secret, and closes on one without it", async () => {
    // Tests run as root, which may read the service's environment: the secret its job processes inherit.
    const environment = readFileSync(`/proc/${serviceStarts().at(-1)!.servicePid}/environ`, "utf8").split("\0");
    const secret = environment.find((each) => each.startsWith("GUIDE_KNOWLEDGE_SECRET="))!.split("=")[1]!;
    expect((await converse(secret)).said).toContain('"status":"ready"');

    const refused = await converse("not-the-secret");
    expect(refused).toEqual({ said: "", closedByService: true });
  });

  it("cannot be opened by another user's process", async () => {
    const { socket: path } = serviceStarts().at(-1)!;
    const script = `require("node:net").connect(${JSON.stringify(path)}).on("connect", () => { console.log("connected"); process.exit(0); }).on("error", (error) => { console.log(error.code); process.exit(0); });`;
    const nobody = spawn(process.execPath, ["-e", script], { uid: 65534, gid: 65534, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    nobody.stdout.on("data", (chunk) => {
      output += chunk;
    });
    await new Promise((resolve, reject) => {
      nobody.on("exit", resolve);
      nobody.on("error", reject);
    });
    expect(output.trim()).toBe("EACCES");
  });
});
