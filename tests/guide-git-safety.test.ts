/**
 * The guide runs git inside repositories that may be hostile, as whoever
 * runs the worker (root, here). A repository's own config names programs for
 * git to run: an fsmonitor hook, which `git ls-files` calls, hooks and
 * filters. Reading such a repository runs none of them.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildKnowledge } from "@/agent/knowledge/build";

let scratch: string;
let root: string;
let markers: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "hostile-repo-"));
  root = path.join(scratch, "repo");
  markers = path.join(scratch, "ran");
  mkdirSync(root);
  mkdirSync(markers);
  const program = path.join(scratch, "payload.sh");
  // What the repository asks git to run: it leaves a mark of each way it was started.
  writeFileSync(program, `#!/bin/sh\ntouch "${markers}/$1"\ncat >/dev/null 2>&1 || true\n`);
  chmodSync(program, 0o755);
  const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "ignore" });
  git("init", "-q");
  writeFileSync(path.join(root, "README.md"), "# Hostile\n\nA repository whose config runs programs.\n");
  writeFileSync(path.join(root, "main.py"), '"""The entry point."""\n\n\ndef main():\n    return 0\n');
  writeFileSync(path.join(root, ".gitattributes"), "* filter=payload\n");
  git("add", "-A");
  git("-c", "user.name=Fixture", "-c", "user.email=fixture@example.invalid", "commit", "-q", "-m", "fixture");
  const hooks = path.join(root, ".githooks");
  mkdirSync(hooks);
  for (const hook of ["post-index-change", "reference-transaction", "post-checkout"]) {
    writeFileSync(path.join(hooks, hook), `#!/bin/sh\n"${program}" hook-${hook}\n`);
    chmodSync(path.join(hooks, hook), 0o755);
  }
  git("config", "core.fsmonitor", `${program} fsmonitor`);
  git("config", "core.hooksPath", hooks);
  git("config", "filter.payload.clean", `${program} filter-clean`);
  git("config", "filter.payload.smudge", `${program} filter-smudge`);
  git("config", "core.pager", `${program} pager`);
  writeFileSync(path.join(root, "untracked.md"), "# Notes\n\nNot committed yet.\n");
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("git in a hostile repository", () => {
  it("would run the repository's fsmonitor program if asked the plain way (so this repository is hostile)", () => {
    execFileSync("git", ["-C", root, "ls-files", "--others", "--exclude-standard"], { stdio: "ignore" });
    expect(readdirSync(markers)).toContain("fsmonitor");
    rmSync(markers, { recursive: true });
    mkdirSync(markers);
  });

  it("is read by the guide, as a git checkout, without running any of its programs", async () => {
    const knowledge = await buildKnowledge(root);
    expect(knowledge.stats.via).toBe("git");
    expect(Object.keys(knowledge.files).sort()).toEqual(expect.arrayContaining(["README.md", "main.py", "untracked.md"]));
    expect(existsSync(markers) && readdirSync(markers)).toEqual([]);
  });
});

describe("a repository whose config moves its work tree elsewhere", () => {
  it("is read as the folder it is, not as the folder its config names", async () => {
    const root = path.join(scratch, "moved");
    const elsewhere = path.join(scratch, "elsewhere");
    mkdirSync(root);
    mkdirSync(elsewhere);
    writeFileSync(path.join(root, "README.md"), "# Moved\n\nIts config points git at another folder.\n");
    writeFileSync(path.join(elsewhere, "private.md"), "# Someone else's notes\n");
    const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: "ignore" });
    git("init", "-q");
    git("config", "core.worktree", elsewhere);
    const knowledge = await buildKnowledge(root);
    expect(Object.keys(knowledge.files)).toEqual(["README.md"]);
  });
});
