/**
 * The guide's hearing model and recognizer with the real programs (Debian's
 * espeak-ng and pocketsphinx), without a room: words the CMU dictionary
 * lacks get pronunciations made from espeak-ng (an acronym its letters too),
 * the fixture's grammar loads (pocketsphinx refuses a grammar with a word it
 * cannot say) and hears a spoken question, and the recognizer ends cleanly on
 * no audio and on a program that stops early.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GrammarFiles, RECOGNIZER_SAMPLE_RATE, Recognition } from "@/agent/guide/recognizer";
import { buildKnowledge } from "@/agent/knowledge/build";
import { DEFAULT_HEARING, makeHearingModel } from "@/agent/knowledge/hearing-model";
import { dictionaryText, ipaToPhones, pronunciations } from "@/agent/knowledge/pronunciations";
import { synthesize } from "../scripts/lib/spoken-question";

const RECOGNIZER = { program: "pocketsphinx_continuous", model: "/usr/share/pocketsphinx/model/en-us" };

describe("pronunciations", () => {
  it("takes the CMU dictionary's, and makes the rest from espeak-ng's IPA, an acronym spelled too", async () => {
    const known = await pronunciations(["where", "haversine", "oidc"], DEFAULT_HEARING.dictionary, DEFAULT_HEARING.espeak);
    expect(known.get("where")).toContainEqual(["W", "EH", "R"]);
    expect(known.get("haversine")?.[0]).toEqual(expect.arrayContaining(["HH", "V", "S", "AY", "N"]));
    expect(known.get("oidc")).toContainEqual(["OW", "AY", "D", "IY", "S", "IY"]);
    expect(dictionaryText(known)).toMatch(/^oidc\(2\) /m);
  });

  it("maps espeak-ng's IPA to the model's phones, and refuses a symbol it has no phone for", () => {
    expect(ipaToPhones("lˈaɪvkɪt")).toEqual(["L", "AY", "V", "K", "IH", "T"]);
    expect(ipaToPhones("tʃˈɜːtʃ")).toEqual(["CH", "ER", "CH"]);
    expect(ipaToPhones("ʘ")).toBeUndefined();
  });
});

describe("the recognizer", () => {
  it("loads the fixture's grammar and hears a question about it", async () => {
    const knowledge = await buildKnowledge(path.resolve("tests/fixtures/fleet-tracker"));
    const model = await makeHearingModel(knowledge, DEFAULT_HEARING);
    expect(model.grammar).toContain("( speed alert rule )");
    const files = await GrammarFiles.write(model);
    try {
      const recognition = Recognition.start(RECOGNIZER, files);
      recognition.write(synthesize("what is speed alert rule", { sampleRate: RECOGNIZER_SAMPLE_RATE }));
      expect(await recognition.finish()).toBe("what is speed alert rule");

      // No audio at all: nothing heard, and no wait on a pipe nobody opened.
      expect(await Recognition.start(RECOGNIZER, files).finish()).toBe("");
    } finally {
      await files.remove();
    }
  });

  it("fails, rather than hangs, when the program stops before it reads", async () => {
    const files = await GrammarFiles.write({
      grammar: "#JSGF V1.0;\ngrammar q;\npublic <q> = unknownword;\n",
      dictionary: "the DH AH\n",
      phrases: 1,
      words: 1,
    });
    try {
      const recognition = Recognition.start(RECOGNIZER, files);
      recognition.write(new Int16Array(RECOGNIZER_SAMPLE_RATE));
      await expect(recognition.finish()).rejects.toThrow(/the recognizer stopped/);
    } finally {
      await files.remove();
    }
  });
});
