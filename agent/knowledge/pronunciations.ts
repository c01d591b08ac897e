/**
 * Pronunciations for the speech recognizer's dictionary (pocketsphinx's
 * en-us model, its CMU phone set): words the CMU dictionary has are taken
 * from it; the rest (identifiers: `livekit`, `trpc`, `oidc`) are made by a
 * program, not typed by hand: espeak-ng's IPA for the word, mapped to the
 * model's phones, and for a word that reads like an acronym its letters
 * spelled out too, as an alternative pronunciation.
 *
 * espeak-ng runs as a separate program (Debian's; its npm build is GPL-3.0),
 * the words on its stdin, never on a command line, never through a shell.
 */
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/** One word's pronunciations, each a list of CMU phones (`L AY V K IH T`). */
export type Pronunciations = Map<string, string[][]>;

/** espeak-ng's IPA (en-us) to the CMU phone set, longest sequences first. Stress and length marks are dropped before. */
const IPA_TO_CMU: [string, string[]][] = [
  ["tʃ", ["CH"]],
  ["dʒ", ["JH"]],
  ["aɪ", ["AY"]],
  ["aʊ", ["AW"]],
  ["ɔɪ", ["OY"]],
  ["oʊ", ["OW"]],
  ["əʊ", ["OW"]],
  ["eɪ", ["EY"]],
  ["ɪə", ["IH", "R"]],
  ["ʊə", ["UH", "R"]],
  ["ɛə", ["EH", "R"]],
  ["iə", ["IY", "AH"]],
  ["ɑ", ["AA"]],
  ["ɒ", ["AA"]],
  ["æ", ["AE"]],
  ["a", ["AE"]],
  ["ʌ", ["AH"]],
  ["ə", ["AH"]],
  ["ɐ", ["AH"]],
  ["ɔ", ["AO"]],
  ["ɚ", ["ER"]],
  ["ɜ", ["ER"]],
  ["ɛ", ["EH"]],
  ["e", ["EH"]],
  ["ɪ", ["IH"]],
  ["ᵻ", ["IH"]],
  ["i", ["IY"]],
  ["ʊ", ["UH"]],
  ["u", ["UW"]],
  ["o", ["OW"]],
  ["b", ["B"]],
  ["d", ["D"]],
  ["ð", ["DH"]],
  ["f", ["F"]],
  ["ɡ", ["G"]],
  ["g", ["G"]],
  ["h", ["HH"]],
  ["ç", ["HH"]],
  ["j", ["Y"]],
  ["k", ["K"]],
  ["x", ["K"]],
  ["l", ["L"]],
  ["ɬ", ["L"]],
  ["m", ["M"]],
  ["n", ["N"]],
  ["ŋ", ["NG"]],
  ["p", ["P"]],
  ["ɹ", ["R"]],
  ["r", ["R"]],
  ["s", ["S"]],
  ["ʃ", ["SH"]],
  ["t", ["T"]],
  ["ɾ", ["T"]],
  ["ʔ", ["T"]],
  ["θ", ["TH"]],
  ["v", ["V"]],
  ["w", ["W"]],
  ["z", ["Z"]],
  ["ʒ", ["ZH"]],
];

/** CMU phones for espeak-ng's IPA of one word; undefined when a symbol has no counterpart. */
export function ipaToPhones(ipa: string): string[] | undefined {
  const text = ipa.normalize("NFD").replace(/[\u02c8\u02cc\u02d0\u02d1 .\u203f-]|[\u0300-\u036f]/g, "");
  const phones: string[] = [];
  let at = 0;
  while (at < text.length) {
    const match = IPA_TO_CMU.find(([symbols]) => text.startsWith(symbols, at));
    if (!match) return undefined;
    phones.push(...match[1]);
    at += match[0].length;
  }
  return phones.length > 0 ? phones : undefined;
}

/** The letters' names, as the CMU dictionary spells them. */
const LETTERS: Record<string, string[]> = {
  a: ["EY"],
  b: ["B", "IY"],
  c: ["S", "IY"],
  d: ["D", "IY"],
  e: ["IY"],
  f: ["EH", "F"],
  g: ["JH", "IY"],
  h: ["EY", "CH"],
  i: ["AY"],
  j: ["JH", "EY"],
  k: ["K", "EY"],
  l: ["EH", "L"],
  m: ["EH", "M"],
  n: ["EH", "N"],
  o: ["OW"],
  p: ["P", "IY"],
  q: ["K", "Y", "UW"],
  r: ["AA", "R"],
  s: ["EH", "S"],
  t: ["T", "IY"],
  u: ["Y", "UW"],
  v: ["V", "IY"],
  w: ["D", "AH", "B", "AH", "L", "Y", "UW"],
  x: ["EH", "K", "S"],
  y: ["W", "AY"],
  z: ["Z", "IY"],
};

/** A word people would spell rather than say: no vowel (`trpc`), or four letters or fewer (`oidc`, `api`). */
export function readsAsLetters(word: string): boolean {
  return /^[a-z]+$/.test(word) && (word.length <= 4 || !/[aeiouy]/.test(word));
}

export function spelled(word: string): string[] {
  return [...word].flatMap((letter) => LETTERS[letter] ?? []);
}

/** Reads the CMU dictionary for just these words (the whole file is 134k words; only the asked ones are kept). */
export async function fromDictionary(dictionaryPath: string, words: ReadonlySet<string>): Promise<Pronunciations> {
  const found: Pronunciations = new Map();
  const lines = createInterface({ input: createReadStream(dictionaryPath, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const space = line.indexOf(" ");
    if (space <= 0) continue;
    // Alternatives are written `word(2)`.
    const word = line.slice(0, space).replace(/\(\d+\)$/, "");
    if (!words.has(word)) continue;
    const phones = line
      .slice(space + 1)
      .trim()
      .split(/\s+/);
    const known = found.get(word) ?? [];
    known.push(phones);
    found.set(word, known);
  }
  return found;
}

/** espeak-ng's IPA for each word, one word per line in, one line out; undefined for a word it could not say. */
export async function espeakIpa(program: string, words: readonly string[], timeoutMs = 60_000): Promise<(string | undefined)[]> {
  if (words.length === 0) return [];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(program, ["-q", "-v", "en-us", "--ipa"], { stdio: ["pipe", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A program that stops before reading all the words: its exit code says so below, not an uncaught EPIPE.
    child.stdin.on("error", () => undefined);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(chunks).toString("utf8"));
      else reject(new Error(`${program} exited with ${code}`));
    });
    // A full stop ends each clause, so that espeak-ng says (and writes) each word on its own line.
    child.stdin.end(`${words.join(".\n")}.\n`);
  });
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  // A line per word is what makes the answer usable: anything else, and no word is trusted.
  return lines.length === words.length ? lines : words.map(() => undefined);
}

/**
 * Pronunciations for every word: the CMU dictionary's, else espeak-ng's
 * mapped to CMU phones, plus the spelled letters for a word that reads as
 * letters. A word with none is left out (the grammar must not name it).
 */
export async function pronunciations(words: readonly string[], dictionaryPath: string, espeak: string): Promise<Pronunciations> {
  const known = await fromDictionary(dictionaryPath, new Set(words));
  const missing = words.filter((word) => !known.has(word));
  const ipa = await espeakIpa(espeak, missing).catch(() => missing.map(() => undefined));
  for (const [index, word] of missing.entries()) {
    const made: string[][] = [];
    const spoken = ipa[index] === undefined ? undefined : ipaToPhones(ipa[index]!);
    if (spoken) made.push(spoken);
    if (readsAsLetters(word)) made.push(spelled(word));
    const distinct = [...new Map(made.map((phones) => [phones.join(" "), phones])).values()];
    if (distinct.length > 0) known.set(word, distinct);
  }
  return known;
}

/** The dictionary file pocketsphinx reads: `word PHONES`, alternatives as `word(2) PHONES`. */
export function dictionaryText(known: Pronunciations): string {
  const lines: string[] = [];
  for (const [word, all] of [...known].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [index, phones] of all.entries()) lines.push(`${index === 0 ? word : `${word}(${index + 1})`} ${phones.join(" ")}`);
  }
  return `${lines.join("\n")}\n`;
}
