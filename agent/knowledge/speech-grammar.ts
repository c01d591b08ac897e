/**
 * The grammar the guide hears questions with (JSGF, for pocketsphinx): the
 * question shapes the guide answers (answer.ts: where, what, how, the whole,
 * help), around topics made of the repository's own words, the names of its
 * folders, files and symbols split into words (camelCase, snake_case, path
 * parts) and its README's headings.
 *
 * Open speech is heard badly (an open English model got 1 question in 100
 * word for word here), and so is one flat list of every name. So a question
 * is one shape and one phrase (one name's words, in order), with a verb at
 * the end of a where-is; two phrases joined by small words, or a phrase and
 * its plural, were tried and heard worse (bench/guide-eval/README.md).
 * Phrases are ranked by how many names give them, and the grammar keeps at
 * most MAX_PHRASES, so that a large repository stays heard.
 */

/** Phrases kept for a large repository: the most-named first. */
export const MAX_PHRASES = 1_000;
const MAX_PHRASE_WORDS = 4;

/** The starts of questions, as the guide's answers classify them. */
const WHERE = [
  "where is",
  "where is the",
  "where are",
  "where are the",
  "where do",
  "where does",
  "where does the",
  "where do i find the",
  "where can i find the",
  "where is the code for",
  "where is the code that",
  "which file has the",
  "which file defines the",
  "find the",
  "show me the",
];
const WHAT = [
  "what is",
  "what is the",
  "what are",
  "what are the",
  "what does",
  "what does the",
  "explain the",
  "tell me about the",
  "tell me about",
];
const HOW = ["how do i", "how do we", "how can i", "how should i", "how to"];
/** What people do to a repository, in a how-to question. */
const ACTIONS = [
  "run",
  "start",
  "build",
  "test",
  "deploy",
  "install",
  "configure",
  "set up",
  "add",
  "create",
  "use",
  "debug",
  "lint",
  "format",
  "check",
  "write",
  "call",
  "change",
  "update",
  "release",
  "benchmark",
];
/** What code does to a thing, at the end of a where-is question ("where are rooms created"). */
const DONE = [
  "defined",
  "declared",
  "implemented",
  "created",
  "configured",
  "set",
  "handled",
  "checked",
  "validated",
  "computed",
  "called",
  "used",
  "stored",
  "kept",
  "sent",
  "read",
  "written",
  "built",
  "started",
  "stopped",
  "loaded",
  "rendered",
  "drawn",
  "shown",
  "refused",
  "rejected",
  "parsed",
  "tested",
  "registered",
  "mapped",
  "made",
  "exported",
  "served",
  "published",
  "signed",
  "issued",
  "minted",
  "generated",
  "cached",
  "logged",
  "measured",
  "counted",
  "limited",
  "closed",
  "opened",
  "found",
  // What it is, when that ends the question ("where is the livekit join mutation").
  "mutation",
  "function",
  "class",
  "component",
  "endpoint",
  "route",
  "schema",
  "handler",
  "tests",
];
/** Questions about the whole (answer.ts's overview) and asking for help, said whole. */
const WHOLE = [
  "what is this project",
  "what is this repository",
  "what is this repo",
  "what is this codebase",
  "what is this app",
  "what is this project about",
  "what does this project do",
  "what does it do",
  "what should i read first",
  "what should i look at first",
  "what should i start with",
  "where do i start",
  "where should i start",
  "where should i begin",
  "how is it organised",
  "how is it organized",
  "how is the code organised",
  "how is the code organized",
  "how is the project structured",
  "how is this structured",
  "give me a tour",
  "give us a tour",
  "show me the tour",
  "give me an overview",
  "show me an overview",
  "an overview",
  "tour",
  "help",
  "what can you do",
  "what do you know",
];

/** A name's words, as code writes them: `joinRoom`, `rate_limit`, `token-endpoint.ts`, `HTTPServer` → lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/\.[A-Za-z0-9]+$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 2 || word === "a" || word === "i");
}

/** What the grammar is made from: the repository's names and headings, as the index has them. */
export type GrammarSource = {
  /** Every indexed file's path, relative to the root. */
  paths: readonly string[];
  /** Symbol names (functions, classes, types…). */
  symbols: readonly string[];
  /** Exported symbols with their file, as people name them ("the livekit join mutation" for `join` in `livekit.ts`). */
  members: ReadonlyArray<{ file: string; symbol: string }>;
  /** The README's headings. */
  headings: readonly string[];
  /** What files say they are for (their header comments): the plain words people use for the code. */
  descriptions: readonly string[];
};

/** Words that start or end no phrase: a phrase is about something. */
const SMALL_WORDS = new Set(
  "a an the of for to in on at by with from and or but is are be been was were it its this that these those as into than then so if when while which who what where how not no all any each every one two".split(
    " ",
  ),
);

/** The phrases of a sentence: every run of one to three words that neither starts nor ends with a small word. */
function sentencePhrases(sentence: string): string[][] {
  const words = sentence
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 2 || word === "a");
  const phrases: string[][] = [];
  for (let start = 0; start < words.length; start += 1) {
    for (let length = 1; length <= 3 && start + length <= words.length; length += 1) {
      const phrase = words.slice(start, start + length);
      if (!SMALL_WORDS.has(phrase[0]!) && !SMALL_WORDS.has(phrase.at(-1)!)) phrases.push(phrase);
    }
  }
  return phrases;
}

/** The phrases a name gives: its words if they are few, else its first and its last few. */
function phrasesOf(words: string[]): string[][] {
  if (words.length === 0) return [];
  if (words.length <= MAX_PHRASE_WORDS) return [words];
  return [words.slice(0, 3), words.slice(-3)];
}

/** The phrases of every name, most-named first, at most MAX_PHRASES. */
export function topicPhrases(source: GrammarSource, maxPhrases = MAX_PHRASES): string[] {
  const counts = new Map<string, number>();
  const count = (words: string[], weight: number) => {
    for (const phrase of phrasesOf(words)) counts.set(phrase.join(" "), (counts.get(phrase.join(" ")) ?? 0) + weight);
  };
  for (const file of source.paths) {
    const parts = file.split("/");
    // The file's own name counts most; its folders count once per file in them (a folder many files share ranks high).
    count(nameWords(parts.at(-1)!), 2);
    for (const folder of parts.slice(0, -1)) count(nameWords(folder), 1);
  }
  for (const symbol of source.symbols) count(nameWords(symbol), 1);
  for (const { file, symbol } of source.members)
    count([...nameWords(file.split("/").at(-1)!), ...nameWords(symbol)].slice(0, MAX_PHRASE_WORDS), 1);
  for (const heading of source.headings) count(nameWords(heading), 2);
  for (const description of source.descriptions)
    for (const phrase of sentencePhrases(description)) counts.set(phrase.join(" "), (counts.get(phrase.join(" ")) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxPhrases);
  return ranked.map(([phrase]) => phrase).sort();
}

export type SpeechGrammar = {
  /** The JSGF text. */
  jsgf: string;
  /** Every word it names: each needs a pronunciation. */
  words: string[];
};

/** The JSGF alternatives of a list (each already words separated by spaces). */
const alternatives = (items: readonly string[]) => items.map((item) => `( ${item} )`).join(" | ");

/** The grammar from the topic phrases (each pronounceable: the caller leaves out any word it cannot say). */
export function speechGrammar(phrases: readonly string[]): SpeechGrammar {
  const rules = [
    "#JSGF V1.0;",
    "grammar question;",
    "public <question> = <whole> | <where> | <what> | <how>;",
    `<whole> = ${alternatives(WHOLE)};`,
    `<where> = <wherestart> <phrase> [<done>];`,
    `<what> = <whatstart> <phrase> [do];`,
    `<how> = <howstart> <action> [the | a] <phrase>;`,
    `<wherestart> = ${alternatives(WHERE)};`,
    `<whatstart> = ${alternatives(WHAT)};`,
    `<howstart> = ${alternatives(HOW)};`,
    `<action> = ${alternatives(ACTIONS)};`,
    `<done> = ${alternatives(DONE)};`,
    `<phrase> = ${alternatives(phrases)};`,
  ];
  const words = new Set<string>(["the", "a", "do"]);
  for (const list of [WHOLE, WHERE, WHAT, HOW, ACTIONS, DONE, phrases]) {
    for (const item of list) for (const word of item.split(" ")) words.add(word);
  }
  return { jsgf: `${rules.join("\n")}\n`, words: [...words].sort() };
}
