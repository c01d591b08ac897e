/**
 * The code view's RPC methods (contract/code-view.ts), served by the real
 * guide in a room on the real livekit-server and called by a bare
 * participant (rtc-node, not the page), as any client may: a file's lines
 * with its revision, the file list a page at a time, every response within
 * one RPC payload, a planted secret line blank and named, and each refusal
 * with its code and a sentence (outside the root, `../`, an absolute path, a
 * link out of the root, a secret file, a huge file, an unknown revision, a
 * bad request, a spent budget), and a file edited since it was read marked
 * as changed. No canary ever comes back.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CODE_VIEW_ERRORS,
  CODE_VIEW_MAX_RESPONSE_BYTES,
  FileChunk,
  FileList,
  LIST_FILES_METHOD,
  parseSharedView,
  READ_FILE_METHOD,
  SHOW_METHOD,
  VIEW_ATTRIBUTE,
} from "@/contract/code-view";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import type { Person } from "../scripts/lib/room-person";
import { makeGuideRepository } from "./support/guide-repository";
import { callGuide as call } from "./support/guide-rpc";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";

const BUDGET = 60;
/** A line of quotes and backslashes: its JSON is twice its size, more than one response holds. */
const ESCAPED_LINE = `export const escapes = "${'\\"'.repeat(4000)}";`;

let bed: GuideTestBed;
let worker: GuideWorker;
let ada: Person;
let root: string;

beforeAll(async () => {
  const repository = makeGuideRepository({ git: true });
  root = repository.root;
  mkdirSync(path.join(repository.root, "data"), { recursive: true });
  writeFileSync(path.join(repository.root, "data", "huge.txt"), "a line of generated data\n".repeat(60_000));
  writeFileSync(path.join(repository.root, "web", "src", "escapes.ts"), `${ESCAPED_LINE}\n`);
  const git = (...args: string[]) => execFileSync("git", ["-C", repository.root, ...args], { stdio: "ignore" });
  git("add", "-A");
  git("-c", "user.name=Fixture", "-c", "user.email=fixture@example.invalid", "commit", "-q", "-m", "data");
  bed = guideTestBed("code-view", { repository });
  worker = await startGuideWorker({ ...bed.workerEnv, GUIDE_READ_BUDGET: String(BUDGET) });
  ada = await bed.joinAs("Ada", uniqueRoom("code-view"));
  // Greeted with the overview: the guide knows the repository.
  await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting", 0, 30_000);
});

afterAll(async () => {
  await bed?.leaveAll();
  await worker?.stop();
  bed?.remove();
  await dispose();
});

async function read(payload: unknown) {
  const outcome = await call(ada, READ_FILE_METHOD, payload);
  if (!("ok" in outcome)) throw new Error(`refused: ${outcome.message}`);
  expect(outcome.bytes).toBeLessThanOrEqual(CODE_VIEW_MAX_RESPONSE_BYTES);
  return FileChunk.parse(outcome.ok);
}

describe("onboarding.readFile", () => {
  it("gives a file's lines with the revision it was read at, and a planted secret line blank and named", async () => {
    const file = await read({ path: "services/api/internal/auth/middleware.go" });
    expect(file.revision).toMatch(/^[0-9a-f]{12,64}$/);
    expect(file.language).toBe("Go");
    expect(file.startLine).toBe(1);
    expect(file.lines.length).toBe(file.totalLines);
    expect(file.lines.join("\n")).toContain("func ");
    // The inline token (a canary) is on a line of its own: that line is blank, and says so.
    expect(file.redactedLines.length).toBeGreaterThan(0);
    for (const line of file.redactedLines) expect(file.lines[line - file.startLine]).toBe("");

    const range = await read({ path: "services/api/internal/auth/middleware.go", startLine: 3, endLine: 5, revision: file.revision });
    expect(range.startLine).toBe(3);
    expect(range.lines).toEqual(file.lines.slice(2, 5));
  });

  it("cuts a response to fit one RPC payload, by lines and by bytes", async () => {
    const escaped = await read({ path: "web/src/escapes.ts" });
    expect(escaped.lines).toHaveLength(1);
    expect(escaped.lines[0]!.length).toBeGreaterThan(1000);
    expect(ESCAPED_LINE.startsWith(escaped.lines[0]!)).toBe(true);
  });

  it.each([
    ["a path outside the root", "../outside-fleet-notes.md", "NOT_IN_REPOSITORY"],
    ["a path with ../ in it, even one that stays inside", "docs/../.env", "NOT_IN_REPOSITORY"],
    ["a path through ../ that leaves and comes back", "docs/../../fleet-tracker/README.md", "NOT_IN_REPOSITORY"],
    ["an absolute path", "/etc/passwd", "NOT_IN_REPOSITORY"],
    ["a link that leaves the root", "docs/team-notes.md", "NOT_IN_REPOSITORY"],
    ["a folder link that leaves the root", "docs/everything/outside-fleet-notes.md", "NOT_IN_REPOSITORY"],
    ["a file that holds credentials", ".env", "HOLDS_CREDENTIALS"],
    ["a file the repository ignores", "tmp/scratch-notes.md", "NOT_IN_REPOSITORY"],
    ["a file over 1 MB", "data/huge.txt", "TOO_LARGE"],
  ] as const)("refuses %s with its code and a sentence", async (_what, asked, error) => {
    const outcome = await call(ada, READ_FILE_METHOD, { path: asked });
    expect(outcome).toMatchObject({ code: CODE_VIEW_ERRORS[error] });
    expect((outcome as { message: string }).message).toMatch(/^[A-Z].+\.$/);
    expect((outcome as { message: string }).message).not.toContain(bed.repository.parent);
  });

  it("refuses an unknown revision and a bad request, saying what is wrong", async () => {
    expect(await call(ada, READ_FILE_METHOD, { path: "README.md", revision: "0123456789ab" })).toMatchObject({
      code: CODE_VIEW_ERRORS.UNKNOWN_REVISION,
    });
    for (const bad of [
      "not json",
      { path: 5 },
      { path: "README.md", startLine: 0 },
      { path: "README.md", sneaky: true },
      { version: 2, path: "README.md" },
    ]) {
      expect(await call(ada, READ_FILE_METHOD, bad), JSON.stringify(bad)).toMatchObject({ code: CODE_VIEW_ERRORS.INVALID_REQUEST });
    }
  });
});

describe("a file that changed on disk after the guide read it", () => {
  it("comes back marked as changed, and one that did not, unmarked", async () => {
    expect((await read({ path: "web/src/lib/format.ts" })).changedSinceIndexed).toBeUndefined();
    appendFileSync(path.join(root, "web", "src", "lib", "format.ts"), "// edited after the guide read it\n");
    const changed = await read({ path: "web/src/lib/format.ts" });
    expect(changed.changedSinceIndexed).toBe(true);
    expect(changed.lines.at(-1)).toBe("// edited after the guide read it");
  });
});

describe("onboarding.listFiles", () => {
  it("lists the readable files a page at a time, without secret, ignored or outside files", async () => {
    const files: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages += 1) {
      const outcome = await call(ada, LIST_FILES_METHOD, cursor === undefined ? {} : { cursor });
      if (!("ok" in outcome)) throw new Error(outcome.message);
      expect(outcome.bytes).toBeLessThanOrEqual(CODE_VIEW_MAX_RESPONSE_BYTES);
      const page = FileList.parse(outcome.ok);
      files.push(...page.files);
      if (page.next === null) break;
      cursor = page.next;
    }
    expect(files).toContain("services/api/internal/auth/middleware.go");
    expect(files).toEqual([...new Set(files)].sort());
    for (const hidden of [".env", "tmp/scratch-notes.md", "docs/team-notes.md", "data/huge.txt"]) expect(files).not.toContain(hidden);

    const under = await call(ada, LIST_FILES_METHOD, { prefix: "web/" });
    if (!("ok" in under)) throw new Error(under.message);
    const web = FileList.parse(under.ok).files;
    expect(web.length).toBeGreaterThan(0);
    expect(web.every((file) => file.startsWith("web/"))).toBe(true);
  });
});

describe("onboarding.show", () => {
  it("puts a view in the guide's attribute for everyone, saying who showed it, and refuses what no one may open", async () => {
    const shown = await call(ada, SHOW_METHOD, { path: "services/api/internal/auth/middleware.go", startLine: 12, endLine: 20 });
    expect(shown).toHaveProperty("ok");
    const view = await ada.until(() => parseSharedView(ada.guides()[0]?.attributes[VIEW_ATTRIBUTE]), "the shared view");
    expect(view).toMatchObject({
      by: "Ada",
      byIdentity: ada.identity,
      path: "services/api/internal/auth/middleware.go",
      startLine: 12,
      endLine: 20,
    });

    expect(await call(ada, SHOW_METHOD, { path: ".env", startLine: 1, endLine: 2 })).toMatchObject({
      code: CODE_VIEW_ERRORS.HOLDS_CREDENTIALS,
    });
    expect(await call(ada, SHOW_METHOD, { path: "../outside-fleet-notes.md", startLine: 1, endLine: 2 })).toMatchObject({
      code: CODE_VIEW_ERRORS.NOT_IN_REPOSITORY,
    });
    expect(await call(ada, SHOW_METHOD, { path: "README.md", startLine: 100_000, endLine: 100_001 })).toMatchObject({
      code: CODE_VIEW_ERRORS.INVALID_REQUEST,
    });
    // A refused view leaves the shown one in place; null puts it away.
    expect(parseSharedView(ada.guides()[0]?.attributes[VIEW_ATTRIBUTE])?.startLine).toBe(12);
    expect(await call(ada, SHOW_METHOD, null)).toHaveProperty("ok");
    await ada.until(() => !ada.guides()[0]?.attributes[VIEW_ATTRIBUTE] || undefined, "the view put away");
  });
});

describe("the budget", () => {
  it("is per participant: one who spends it is refused, and others still read", async () => {
    const grace = await bed.joinAs("Grace", ada.room.name!);
    await grace.until(() => grace.guides()[0], "the guide");
    for (let calls = 0; calls < BUDGET; calls += 1) {
      expect(await call(grace, LIST_FILES_METHOD, { prefix: "docs/" }), `call ${calls + 1}`).toHaveProperty("ok");
    }
    expect(await call(grace, LIST_FILES_METHOD, { prefix: "docs/" })).toMatchObject({ code: CODE_VIEW_ERRORS.TOO_MANY_REQUESTS });
    expect(await call(ada, LIST_FILES_METHOD, { prefix: "docs/" })).toHaveProperty("ok");
  });
});
