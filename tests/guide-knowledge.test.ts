/**
 * What the guide learns from a repository, on a real checkout of the fixture
 * (read as a git checkout, and walked as a plain folder): the files it reads
 * and the ones it must not (ignored, secret, outside the root through a
 * symlink), and what it answers, including to questions that try to reach
 * past the root or at a secret.
 */
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "@/agent/knowledge/answer";
import { buildKnowledge, type Knowledge } from "@/agent/knowledge/build";
import { loadOrBuildKnowledge } from "@/agent/knowledge/cache";
import { CANARIES, type GuideRepository, makeGuideRepository, PROBING_QUESTIONS } from "./support/guide-repository";

function everythingKnown(knowledge: Knowledge): string {
  return JSON.stringify({ ...knowledge, index: knowledge.index.toJSON() });
}

for (const mode of ["git", "walk"] as const) {
  describe(`the guide's knowledge of a ${mode === "git" ? "git checkout" : "plain folder"}`, () => {
    let repository: GuideRepository;
    let knowledge: Knowledge;

    beforeAll(async () => {
      repository = makeGuideRepository({ git: mode === "git" });
      knowledge = await buildKnowledge(repository.root);
    });
    afterAll(() => repository.remove());

    it(`lists the files ${mode === "git" ? "git" : "a walk"} finds, and none it must not read`, () => {
      expect(knowledge.stats.via).toBe(mode);
      const files = Object.keys(knowledge.files);
      expect(files).toEqual(
        expect.arrayContaining(["README.md", "services/api/cmd/api/main.go", "services/ingest/ingest/consumer.py", "web/src/App.tsx"]),
      );
      expect(files).not.toContain(".env");
      expect(files.filter((file) => file.startsWith("tmp/"))).toEqual([]);
      expect(files.filter((file) => file.startsWith("docs/team-notes") || file.startsWith("docs/everything"))).toEqual([]);
      expect(knowledge.stats.skipped.secret).toBeGreaterThanOrEqual(1);
      expect(knowledge.stats.skipped["outside-root"]).toBeGreaterThanOrEqual(2);
    });

    it("holds no secret, ignored or outside text anywhere in what it keeps", () => {
      const kept = everythingKnown(knowledge);
      for (const canary of CANARIES) expect(kept).not.toContain(canary);
      expect(kept).not.toContain(path.join(repository.parent, "outside"));
    });

    it("answers where-is questions with the right file", () => {
      const answers = {
        ingest: answerQuestion(knowledge, "where are telemetry messages consumed?"),
        auth: answerQuestion(knowledge, "where is the bearer token checked?"),
        tests: answerQuestion(knowledge, "how do I run the tests?"),
      };
      expect(answers.ingest.pointers[0]?.path).toBe("services/ingest/ingest/consumer.py");
      expect(answers.auth.pointers[0]?.path).toBe("services/api/internal/auth/middleware.go");
      expect(answers.tests.text).toMatch(/make test/);
    });

    it("answers a name said aloud as it answers the name typed", () => {
      const first = (question: string) => answerQuestion(knowledge, question).pointers[0];
      // A symbol in words (as the guide hears "sortTripsByStart"), and a file's name then a symbol in it (as it hears "consumer.run").
      expect(answerQuestion(knowledge, "what is sort trips by start")).toEqual(answerQuestion(knowledge, "what is sortTripsByStart?"));
      expect(first("where is the consumer run function")).toEqual(first("where is consumer.run?"));
      expect(first("where is the consumer run function")).toMatchObject({ path: "services/ingest/ingest/consumer.py" });
    });

    it("refuses paths outside the root and secrets, and never repeats a canary", () => {
      for (const question of PROBING_QUESTIONS) {
        const answer = answerQuestion(knowledge, question);
        for (const canary of CANARIES) expect(answer.text, question).not.toContain(canary);
        expect(answer.text, question).not.toContain(repository.parent);
        for (const pointer of answer.pointers) {
          expect(pointer.path, question).not.toMatch(/^(\/|\.\.|~)|(^|\/)\.env|^tmp\//);
        }
      }
      expect(answerQuestion(knowledge, "what does ../outside-fleet-notes.md say?").text).toMatch(/only read files inside this repository/);
      expect(answerQuestion(knowledge, "what is in .env?").text).toMatch(/hold secrets/);
    });
  });
}

describe("the guide's knowledge, read across parse threads", () => {
  it("is what one thread reads", async () => {
    const repository = makeGuideRepository({ git: true });
    try {
      const one = await buildKnowledge(repository.root, { parseThreads: 1 });
      const three = await buildKnowledge(repository.root, { parseThreads: 3 });
      expect([one.stats.threads, three.stats.threads]).toEqual([1, 3]);
      expect(Object.keys(three.files).sort()).toEqual(Object.keys(one.files).sort());
      expect(three.index.documentCount).toBe(one.index.documentCount);
      expect(three.overview).toEqual(one.overview);
      for (const question of ["where are telemetry messages consumed?", "where is the bearer token checked?", "how do I run the tests?"]) {
        expect(answerQuestion(three, question).pointers, question).toEqual(answerQuestion(one, question).pointers);
      }
    } finally {
      repository.remove();
    }
  });
});

describe("the guide's knowledge cache", () => {
  let repository: GuideRepository;
  let cache: string;

  beforeAll(() => {
    repository = makeGuideRepository({ git: true });
    cache = mkdtempSync(path.join(os.tmpdir(), "guide-cache-"));
  });
  afterAll(() => {
    rmSync(cache, { recursive: true, force: true });
    repository.remove();
  });

  it("reuses what it built for the same revision, and rebuilds when a file changes", async () => {
    const first = await loadOrBuildKnowledge(repository.root, { cacheDir: cache });
    const second = await loadOrBuildKnowledge(repository.root, { cacheDir: cache });
    expect(first.stats.fromCache).toBe(false);
    expect(second.stats.fromCache).toBe(true);
    expect(second.index.documentCount).toBe(first.index.documentCount);
    expect(second.files).toEqual(first.files);
    expect(answerQuestion(second, "where is the bearer token checked?").text).toBe(
      answerQuestion(first, "where is the bearer token checked?").text,
    );

    appendFileSync(path.join(repository.root, "README.md"), "\n## Releases\n\nReleases are cut from main every Tuesday.\n");
    const third = await loadOrBuildKnowledge(repository.root, { cacheDir: cache });
    expect(third.stats.fromCache).toBe(false);
    expect(answerQuestion(third, "where are releases described?").pointers[0]?.path).toBe("README.md");
    // Only the current revision stays cached: what, and its index's entries.
    expect(
      readdirSync(cache)
        .map((name) => name.replace(/^[0-9a-f]+-[0-9a-f]+/, "<revision>"))
        .sort(),
    ).toEqual(["<revision>.entries.ndjson", "<revision>.json"]);
  });

  it("still knows the repository when it cannot write its cache", async () => {
    const blocker = path.join(cache, "a-file");
    writeFileSync(blocker, "not a folder");
    const knowledge = await loadOrBuildKnowledge(repository.root, { cacheDir: path.join(blocker, "cache") });
    expect(knowledge.stats.fromCache).toBe(false);
    expect(answerQuestion(knowledge, "where is the bearer token checked?").pointers[0]?.path).toBe(
      "services/api/internal/auth/middleware.go",
    );
  });
});
