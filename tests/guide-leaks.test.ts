/**
 * The guide quotes no secret: the leak corpus (tests/support/leak-corpus.ts),
 * read through the knowledge layer's own interface (every call it offers:
 * the overview, the greeting made from it, hundreds of answers, every file's
 * lines, the file list, pointer checks, the hearing grammar, the map, the tours)
 * and asked through a
 * real room by real participants, never shows a canary.
 *
 * Each layer of the read gate is then loosened alone, and exactly the
 * canaries that only it catches appear: the tags are true, and each layer
 * does its share.
 */
import { dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { greetingText, spokenGreeting } from "@/agent/guide/greeting-text";
import { type KnowledgeState, RepositoryKnowledge } from "@/agent/knowledge";
import { ALL_LAYERS, type Layer } from "@/agent/knowledge/read-gate";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import type { Person } from "../scripts/lib/room-person";
import type { GuideRepository } from "./support/guide-repository";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { CANARIES, corpusQuestions, LINKS, leakedCanaries, makeLeakCorpus, watchedPieces } from "./support/leak-corpus";
import { uniqueRoom } from "./support/unique-room";

const LAYERS: Layer[] = ["library", "rules", "paths"];

type Said = { texts: string[]; questions: number; refusals: Map<string, string> };

/** Every path worth reading: each listed file, each canary's file, each link, and a path through the folder link. */
function pathsToRead(files: readonly string[]): string[] {
  return [...new Set([...files, ...CANARIES.map((canary) => canary.file), ...Object.keys(LINKS), "docs/shared/ops.md"])];
}

/** Everything the knowledge layer gives out of the corpus, through each call of its interface. */
async function everythingSaid(root: string, layers = ALL_LAYERS): Promise<Said> {
  const knowledge = RepositoryKnowledge.open(root, { layers });
  const texts: string[] = [];
  const refusals = new Map<string, string>();
  try {
    const state = (await knowledge.settled) as Extract<KnowledgeState, { status: "ready" }>;
    expect(state.status).toBe("ready");
    texts.push(JSON.stringify(state), greetingText("Ada", state.overview, state.examples), spokenGreeting("Ada", state.overview));
    const files = await knowledge.listFiles();
    texts.push(files.join("\n"), (await knowledge.hearing()).grammar);
    texts.push(JSON.stringify(await knowledge.map()), JSON.stringify(await knowledge.tours()));
    const questions = corpusQuestions(files);
    const pointers = new Map<string, { path: string; line: number }>();
    for (const question of questions) {
      const answer = await knowledge.answer(question);
      texts.push(JSON.stringify(answer));
      for (const { path, line } of answer.pointers) pointers.set(`${path}:${line}`, { path, line });
    }
    texts.push(JSON.stringify(await knowledge.checkPointers([...pointers.values()])));
    for (const path of pathsToRead(files)) {
      for (let startLine = 1; ; ) {
        const chunk = await knowledge.readFile({ path, startLine });
        if ("refused" in chunk) {
          refusals.set(path, chunk.refused);
          texts.push(chunk.message);
          break;
        }
        texts.push(chunk.lines.join("\n"));
        startLine = chunk.startLine + chunk.lines.length;
        if (chunk.lines.length === 0 || startLine > chunk.totalLines) break;
      }
    }
    return { texts, questions: questions.length, refusals };
  } finally {
    await knowledge.close();
  }
}

// Each pass reads the whole corpus and asks it hundreds of questions through the knowledge thread.
describe("the read gate on the leak corpus", { timeout: 120_000 }, () => {
  let corpus: GuideRepository;
  beforeAll(() => {
    corpus = makeLeakCorpus();
  });
  afterAll(() => corpus?.remove());

  it("plants at least 60 canaries, in every kind of place, each tagged with the layer that catches it", () => {
    expect(CANARIES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CANARIES.map((canary) => canary.value)).size).toBe(CANARIES.length);
    // Each can be told apart from the text around it and from the others.
    for (const canary of CANARIES) expect(watchedPieces(canary.id).length, canary.id).toBeGreaterThan(0);
    for (const layer of LAYERS) expect(CANARIES.filter((canary) => canary.layers.join() === layer).length).toBeGreaterThanOrEqual(10);
  });

  it("gives no canary out through any call of the knowledge layer, and refuses each closed path with its reason", async () => {
    const said = await everythingSaid(corpus.root);
    expect(said.questions).toBeGreaterThanOrEqual(200);
    expect(leakedCanaries(said.texts)).toEqual([]);
    expect(said.texts.join("\n")).not.toContain(corpus.parent);
    expect(
      Object.fromEntries(
        [".env", "docs/environment.md", "keys/deploy.pem", "docs/deploy-key.md", ".aws/credentials"].map((path) => [
          path,
          said.refusals.get(path),
        ]),
      ),
    ).toEqual({
      ".env": "credentials",
      "docs/environment.md": "credentials",
      "keys/deploy.pem": "credentials",
      "docs/deploy-key.md": "credentials",
      ".aws/credentials": "credentials",
    });
    // A link out of the root reads as a file that is not there: what is outside is not even said to exist.
    expect(said.refusals.get("docs/ops.md")).toBe("not-found");
    expect(said.refusals.get("docs/shared/ops.md")).toBe("not-found");
    expect(said.refusals.get("../outside/ops.md")).toBe("outside-repository");
  });

  it.each(LAYERS)("with only its %s layer loosened, shows exactly the canaries that layer alone catches", async (layer) => {
    const said = await everythingSaid(corpus.root, { ...ALL_LAYERS, [layer]: false });
    const onlyThisLayer = CANARIES.filter((canary) => canary.layers.join() === layer).map((canary) => canary.id);
    expect(leakedCanaries(said.texts).sort()).toEqual(onlyThisLayer.sort());
  });
});

describe("the guide in a room on the leak corpus", () => {
  let bed: GuideTestBed;
  let worker: GuideWorker;

  beforeAll(async () => {
    bed = guideTestBed("guide-leaks-test", { repository: makeLeakCorpus(), title: "Harbor" });
    worker = await startGuideWorker(bed.workerEnv);
  }, 90_000);

  afterAll(async () => {
    await bed?.leaveAll();
    await worker?.stop();
    await dispose();
    bed?.remove();
  });

  it("greets and answers hundreds of questions about the corpus without one canary", async () => {
    const files = CANARIES.map((canary) => canary.file).filter((file) => !file.startsWith(".."));
    const questions = corpusQuestions([...new Set(files)]);
    expect(questions.length).toBeGreaterThanOrEqual(200);
    // The guide answers 20 questions a minute from one person: the room fills with people who each ask fewer.
    const perPerson = 18;
    const roomName = uniqueRoom("leaks");
    const first = await bed.joinAs("Asker0", roomName);
    await first.nextFromGuide(/^Hi Asker0! I'm your guide to Harbor/, "the first greeting");
    // The rest join together: on loopback, a participant takes about 3 s to become visible to the others.
    const rest = await Promise.all(
      Array.from({ length: Math.ceil(questions.length / perPerson) - 1 }, async (_, index) => {
        const person = await bed.joinAs(`Asker${index + 1}`, roomName);
        await person.nextFromGuide(new RegExp(`^Hi Asker${index + 1}! I'm your guide to Harbor`), "the greeting");
        return person;
      }),
    );
    const people: Person[] = [first, ...rest];
    // Everyone sees every answer; each asker waits for the one addressed to them before asking again.
    await Promise.all(
      people.map(async (person, index) => {
        for (const question of questions.slice(index * perPerson, (index + 1) * perPerson)) await person.askInCompany(question);
      }),
    );
    const said = people.flatMap((person) => person.fromGuides().map((message) => message.text));
    expect(said.length).toBeGreaterThanOrEqual(questions.length + people.length);
    expect(leakedCanaries(said)).toEqual([]);
    expect(said.join("\n")).not.toContain(bed.repository.parent);
    expect(worker.output()).not.toMatch(/uncaught|unhandled/i);
  }, 180_000);
});
