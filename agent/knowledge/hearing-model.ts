/**
 * What the guide needs to hear questions about one repository: the speech
 * grammar (speech-grammar.ts) and a pronunciation dictionary for exactly its
 * words (pronunciations.ts). Made once per knowledge, when the index is ready,
 * and cached beside the index (the same key, the same revision), so that a
 * room on a known revision reads it rather than making it.
 *
 * The names it is made of are released through the read gate first (a line
 * that a rule flags is left out), so everything the recognizer can hear, and
 * so every transcript, passed the gate.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import type { Knowledge } from "./build";
import { rootReadme } from "./overview";
import { isRefusal } from "./read-gate";
import { dictionaryText, pronunciations } from "./pronunciations";
import { type GrammarSource, speechGrammar, topicPhrases } from "./speech-grammar";

/** Where the pronunciations come from: the recognizer's own dictionary, and espeak-ng for the words it lacks. */
export type HearingSettings = { dictionary: string; espeak: string };

export const DEFAULT_HEARING: HearingSettings = {
  dictionary: "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict",
  espeak: "espeak-ng",
};

export type HearingModel = {
  /** The JSGF grammar's text. */
  grammar: string;
  /** The pronunciation dictionary's text, for the grammar's words only. */
  dictionary: string;
  phrases: number;
  words: number;
};

/** Bump when the grammar or the dictionary changes shape. */
const FORMAT = 1;

/** The README's headings, read through the gate. */
async function readmeHeadings(knowledge: Knowledge): Promise<string[]> {
  const readme = rootReadme(Object.keys(knowledge.files));
  if (!readme) return [];
  const read = await knowledge.gate.read(readme);
  if (isRefusal(read)) return [];
  return read.text
    .split("\n")
    .filter((line) => /^#{1,4}\s/.test(line))
    .map((line) => line.replace(/^#+\s*/, ""));
}

export async function makeHearingModel(knowledge: Knowledge, settings: HearingSettings): Promise<HearingModel> {
  const source: GrammarSource = {
    paths: Object.keys(knowledge.files),
    symbols: Object.values(knowledge.files).flatMap((facts) => facts.symbols.map((symbol) => symbol.name)),
    members: Object.entries(knowledge.files).flatMap(([file, facts]) => facts.symbols.map((symbol) => ({ file, symbol: symbol.name }))),
    headings: await readmeHeadings(knowledge),
    descriptions: Object.values(knowledge.files).flatMap((facts) => (facts.header ? [facts.header] : [])),
  };
  const candidates = await knowledge.gate.releaseLines(topicPhrases(source));
  const known = await pronunciations(speechGrammar(candidates).words, settings.dictionary, settings.espeak);
  // A phrase with a word that has no pronunciation cannot be in the grammar: pocketsphinx refuses the whole grammar then.
  const phrases = candidates.filter((phrase) => phrase.split(" ").every((word) => known.has(word)));
  const grammar = speechGrammar(phrases);
  const words = grammar.words.filter((word) => known.has(word));
  return {
    grammar: grammar.jsgf,
    dictionary: dictionaryText(new Map(words.map((word) => [word, known.get(word)!]))),
    phrases: phrases.length,
    words: words.length,
  };
}

/** The model, from the cache beside the index when it is there; else made, and cached there. */
export async function cachedHearingModel(knowledge: Knowledge, settings: HearingSettings, cacheBase: string | undefined) {
  const file = cacheBase && `${cacheBase}.hearing.json`;
  if (file) {
    const cached = await readFile(file, "utf8").then(
      (text) => JSON.parse(text) as HearingModel & { format: number },
      () => undefined,
    );
    if (cached?.format === FORMAT) {
      const { format: _format, ...model } = cached;
      return model;
    }
  }
  const model = await makeHearingModel(knowledge, settings);
  if (file) {
    const part = `${file}.${process.pid}.tmp`;
    // A cache that cannot be written only costs the next room the time to make it again.
    await writeFile(part, JSON.stringify({ ...model, format: FORMAT }), { mode: 0o600 })
      .then(() => rename(part, file))
      .catch(() => undefined);
  }
  return model;
}
