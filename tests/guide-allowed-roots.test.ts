/**
 * The guide reads only the repositories its worker was configured for (the
 * same contexts the app offers). A room whose description points it at any
 * other folder, as anyone holding the LiveKit server's keys could make, gets
 * a guide that says so in the chat and reads nothing: the worker runs under
 * strace, which records every file system call of it and its job processes,
 * and the other folder's path appears in none.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContext } from "@/agent/guide/room-context";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";

let bed: GuideTestBed;
let worker: GuideWorker;
let scratch: string;
let trace: string;
/** A real repository, with files, that no context names. */
let elsewhere: string;

beforeAll(async () => {
  bed = guideTestBed("guide-roots-test");
  scratch = mkdtempSync(path.join(os.tmpdir(), "guide-roots-"));
  elsewhere = path.join(scratch, `someone-elses-project-${randomBytes(4).toString("hex")}`);
  cpSync(path.resolve("tests/fixtures/fleet-tracker"), elsewhere, { recursive: true });
  trace = path.join(scratch, "files.trace");
  worker = await startGuideWorker(bed.workerEnv, {
    wrapper: ["strace", "-f", "-qq", "--seccomp-bpf", "-s", "4096", "-e", "trace=%file", "-o", trace],
  });
}, 120_000);

afterAll(async () => {
  await bed?.leaveAll();
  await worker?.crash();
  await dispose();
  rmSync(scratch, { recursive: true, force: true });
  bed?.remove();
});

describe("a room that points the guide at a folder it was not given", () => {
  it("gets a refusal in the chat, and nothing in that folder is touched", async () => {
    const context = { id: "elsewhere", title: "Someone else's project", repoRoot: elsewhere };
    const ben = await bed.joinDescribedRoom("Ben", JSON.stringify({ version: 1, context, provisionId: "by-hand" }));
    const refusal = await ben.nextFromGuide(/not allowed to read that repository/, "the guide's refusal");
    expect(refusal.text).toMatch(/^Hi Ben!/);
    expect(refusal.text).not.toContain(elsewhere);
    const answer = await ben.ask("where is the auth middleware?");
    expect(answer.text).toMatch(/can't answer questions about this room's repository: this guide is not allowed/);

    // A room about the repository it was given, read under the same trace: the trace does see the reads.
    const ada = await bed.joinAs("Ada", uniqueRoom("allowed"));
    await ada.nextFromGuide(/^Hi Ada! I'm your guide to Fleet Tracker/, "the greeting");
    await bed.leaveAll();

    const calls = readFileSync(trace, "utf8");
    expect(calls).toContain(`"${bed.repository.root}`);
    expect(calls).not.toContain(path.basename(elsewhere));
  });
});

describe("a room that names an allowed root in another form", () => {
  it("gets the configured root, never its own string", () => {
    // `allowed/link/..` reads as the allowed root, but a link leads wherever it points on disk.
    const allowed = bed.repository.root;
    symlinkSync("/", path.join(allowed, "to-root"));
    const context = { id: "fleet", title: "Fleet Tracker", repoRoot: `${allowed}/to-root/..` };
    const reading = readContext(JSON.stringify({ version: 1, context }), undefined, [allowed]);
    expect(reading).toEqual({ ok: true, context: { ...context, repoRoot: allowed } });
  });
});
