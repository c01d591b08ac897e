/**
 * Answering a question about the repository from what the guide knows of it:
 *  - where is…  → up to three files, best first, each with a line and why;
 *  - what is / what does <path or symbol> do → that file's or symbol's own words;
 *  - how do I…  → the repository's commands, and the docs that explain them;
 *  - the whole  → "what is this project?", "how is it organised?", "what
 *                 should I read first?": the overview, what to read first,
 *                 and the offer of the map and the tour;
 *  - help       → what it can answer, with examples.
 * When nothing matches well, it says it does not know.
 *
 * Questions are untrusted: they are only ever matched against the index and the
 * list of files already read. A path in a question is looked up among the
 * repository's files, never opened; one that is not there is put to the read
 * gate's path rules, so that the answer can say why it is closed.
 *
 * Answers quote what the index holds, which came through the read gate; the
 * knowledge thread releases each answer through the gate once more.
 */
import path from "node:path";
import type { Knowledge } from "./build";
import { isRefusal, type Refusal } from "./read-gate";
import { rootReadme } from "./overview";
import { entryPoints } from "./repository-map";
import { type Hit, queryTerms, searchIndex } from "./search-index";

export type AnswerKind = "where" | "what" | "how" | "overview" | "help" | "unknown";
export type Pointer = { path: string; line: number; why: string };
export type Answer = { kind: AnswerKind; text: string; pointers: Pointer[] };

/** The longest question the guide reads; the rest is ignored. */
export const MAX_QUESTION_CHARS = 500;
const MAX_POINTERS = 3;
/** Below this share of the best score, a file is not worth naming. */
const RELATIVE_CUTOFF = 0.25;
/** A best hit scoring below this is a guess, not an answer. */
const MIN_SCORE = 2;

const SECONDARY = /(^|\/)(tests?|e2e|__tests__|spec|fixtures?|bench|benchmarks?|examples?|docs?)(\/|$)|\.(test|spec)\.[a-z]+$/i;

/** Text safe to echo back: one line, no backticks or control characters, bounded. */
function echo(text: string, max = 80): string {
  const clean = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
    .replace(/[\u0000-\u001f\u007f-\u009f`]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Questions about the repository as a whole, not one part of it. */
const WHOLE =
  /^(?:(?:so,?\s+)?what(?:'s| is| are| does)\s+(?:this|it|the)\s*(?:project|repo|repository|codebase|code base|app|thing)?(?:\s+(?:about|for|do))?|what should i (?:read|look at|start with)(?: first)?|where (?:do|should) i (?:start|begin)|how is (?:it|this|the (?:code|project|repo|repository|codebase)) (?:organi[sz]ed|structured|laid out)|(?:give|show) (?:me|us) (?:a|the) (?:tour|overview)|(?:an? )?overview|tour)\s*[?.!]*$/;

export function classify(question: string): AnswerKind | "where-default" {
  const q = question.trim().toLowerCase();
  if (/^(help|\?|what can you do|what do you know|commands)\b/.test(q)) return "help";
  if (WHOLE.test(q)) return "overview";
  if (/^how\b|\bhow (do|can|should|would) (i|we|you)\b|\bhow to\b/.test(q)) return "how";
  if (/^(what|explain|describe|tell me about)\b/.test(q) && !/^what (file|folder|module)\b/.test(q)) return "what";
  if (/\b(where|which (file|folder|module)|find|locate|defined|implemented|lives?)\b/.test(q)) return "where";
  return "where-default";
}

function line(pointer: Pointer): string {
  return `\`${pointer.path}:${pointer.line}\` ${pointer.why}`;
}

function symbolWhy(hit: Hit, facts: Knowledge["files"][string] | undefined): string {
  const kind = hit.symbolKind && hit.symbolKind !== "constant" ? ` (${hit.symbolKind})` : "";
  const doc = hit.title ? `: ${hit.title}` : facts?.header ? `, in a file about: ${facts.header}` : "";
  return `defines \`${hit.name}\`${kind}${doc}`;
}

/** "livekit.join" in a question: a member ("join") of something named like "livekit". */
function qualifiedNames(question: string): Array<{ owner: string; member: string }> {
  return [...question.matchAll(/\b([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)\b/g)]
    .filter(([whole]) => !/\.(ts|tsx|js|jsx|mjs|py|go|rs|rb|java|md|json|ya?ml|toml|sh)$/i.test(whole))
    .map(([, owner, member]) => ({ owner: owner!.toLowerCase(), member: member!.toLowerCase() }));
}

/** Files by their name without its extension ("livekit" for server/routers/livekit.ts), made once per knowledge. */
const filesByName = new WeakMap<Knowledge, Map<string, string[]>>();

function filesNamed(knowledge: Knowledge, name: string): string[] {
  let byName = filesByName.get(knowledge);
  if (!byName) {
    byName = new Map();
    for (const file of Object.keys(knowledge.files)) {
      const base = path
        .basename(file)
        .replace(/\.[^.]+$/, "")
        .toLowerCase();
      byName.set(base, [...(byName.get(base) ?? []), file]);
    }
    filesByName.set(knowledge, byName);
  }
  return byName.get(name) ?? [];
}

/**
 * `livekit.join` said aloud: two words in a row, a file's name and a symbol
 * in that file ("where is the livekit join mutation"), read as the dotted
 * name a person would type.
 */
function spokenQualifiedNames(knowledge: Knowledge, question: string): Array<{ owner: string; member: string }> {
  const words = question
    .toLowerCase()
    .split(/[^a-z0-9_$]+/)
    .filter(Boolean);
  const found: Array<{ owner: string; member: string }> = [];
  for (let index = 0; index + 1 < words.length; index += 1) {
    const [owner, member] = [words[index]!, words[index + 1]!];
    const inFile = filesNamed(knowledge, owner).some((file) =>
      knowledge.files[file]?.symbols.some((symbol) => symbol.name.toLowerCase() === member),
    );
    if (inFile) found.push({ owner, member });
  }
  return found;
}

type Weighting = { preferSecondary: boolean; sectionWeight?: number; qualified?: Array<{ owner: string; member: string }> };

/** A hit's score for this question: its search score, weighed by where it is and what it is. */
function weigh(hit: Hit, weighting: Weighting): number {
  let score = hit.score;
  if (!weighting.preferSecondary && SECONDARY.test(hit.path)) score *= 0.55;
  if (hit.kind === "section") score *= weighting.sectionWeight ?? 1;
  for (const { owner, member } of weighting.qualified ?? []) {
    if (hit.name.toLowerCase() === member && `${hit.container ?? ""} ${hit.path}`.toLowerCase().includes(owner)) score *= 3;
  }
  return score;
}

/** Hits grouped by file, best first; each file's best hit decides its line and its reason. */
function bestFiles(knowledge: Knowledge, hits: Hit[], weighting: Weighting): Pointer[] {
  const byFile = new Map<string, { score: number; best: Hit }>();
  for (const hit of hits) {
    const score = weigh(hit, weighting);
    const current = byFile.get(hit.path);
    if (!current) byFile.set(hit.path, { score, best: hit });
    else {
      // Several matches in one file make it a little more likely; the best one speaks for it.
      current.score = Math.max(current.score, score) + Math.min(score, current.score) * 0.15;
      if (score > weigh(current.best, weighting) && hit.kind !== "file") current.best = hit;
      else if (current.best.kind === "file" && hit.kind !== "file") current.best = hit;
    }
  }
  const ranked = [...byFile.entries()].sort((a, b) => b[1].score - a[1].score);
  const top = ranked[0]?.[1].score ?? 0;
  if (top < MIN_SCORE) return [];
  return ranked
    .filter(([, entry]) => entry.score >= top * RELATIVE_CUTOFF)
    .slice(0, MAX_POINTERS)
    .map(([file, { best }]) => {
      const facts = knowledge.files[file];
      if (best.kind === "symbol") return { path: file, line: best.line, why: symbolWhy(best, facts) };
      if (best.kind === "section")
        return { path: file, line: best.line, why: `section “${best.name}”${best.title ? `: ${best.title}` : ""}` };
      return { path: file, line: 1, why: facts?.header ? `: ${facts.header}` : "(its name matches)" };
    });
}

function where(knowledge: Knowledge, question: string): Answer {
  if (queryTerms(question).length === 0) return help(knowledge);
  const preferSecondary = /\b(tests?|spec|e2e|docs?|documentation|bench(mark)?|fixture)\b/i.test(question);
  // A where-is question wants code: documentation sections count for less, unless docs are asked for.
  const pointers = bestFiles(knowledge, searchIndex(knowledge.index, question), {
    preferSecondary,
    sectionWeight: preferSecondary ? 1 : 0.5,
    qualified: [...qualifiedNames(question), ...spokenQualifiedNames(knowledge, question)],
  });
  if (pointers.length === 0) return unknown(question);
  const [first, ...rest] = pointers;
  const text = [`Best match: ${line(first!)}`, ...rest.map((pointer) => `Also: ${line(pointer)}`)].join("\n");
  return { kind: "where", text, pointers };
}

type NamedPath = { asked: string; file?: string; folder?: string; refused?: Refusal };

/**
 * A path named in the question: one of the repository's files (exact, then by
 * its end, then by name), a folder, or a path the read gate closes (outside
 * the root, or holding credentials) with its reason.
 */
function namedFile(knowledge: Knowledge, question: string): NamedPath | undefined {
  const candidates = question.match(/[~/.]*(?:[\w@.-]*\/)+[\w@.-]*|[\w@-]+\.[a-z][a-z0-9]{0,4}\b|(?<![\w.])\.[a-z][\w.-]*/gi) ?? [];
  for (const raw of candidates) {
    const asked = raw.replace(/^\.\//, "").replace(/[.,;:!?]+$/, "");
    if (!asked) continue;
    const files = Object.keys(knowledge.files);
    const exact = files.find((each) => each === asked) ?? files.find((each) => each.endsWith(`/${asked}`));
    if (exact) return { asked, file: exact };
    const checked = knowledge.gate.check(asked);
    if (isRefusal(checked) && (checked.refused === "credentials" || checked.refused === "outside-repository")) {
      return { asked, refused: checked };
    }
    const file = files.find((each) => path.posix.basename(each) === path.posix.basename(asked));
    if (file) return { asked, file };
    const folder = asked.replace(/\/+$/, "");
    if (files.some((each) => each.startsWith(`${folder}/`))) return { asked, folder };
    return { asked };
  }
  return undefined;
}

function describeFile(knowledge: Knowledge, file: string): Answer {
  const facts = knowledge.files[file]!;
  const named = facts.symbols.filter((symbol) => symbol.exported).slice(0, 5);
  const symbols = (named.length > 0 ? named : facts.symbols.slice(0, 5)).map(
    (symbol) => `\`${symbol.name}\` (${symbol.kind}, line ${symbol.line})`,
  );
  const first = facts.header ?? (facts.language ? `a ${facts.language} file` : "a file");
  const text = [`\`${file}\`: ${first}`, symbols.length > 0 ? `It defines ${symbols.join(", ")}.` : ""].filter(Boolean).join("\n");
  const pointers = [{ path: file, line: 1, why: facts.header ?? "" }];
  return { kind: "what", text, pointers };
}

/** Entry files (main.go, index.ts, __init__.py…) say what a folder is for better than its other files. */
const ENTRY_NAMES = /^(main|index|__init__|mod|lib|app|server|cli)\.[a-z]+$/;
const entryRank = (file: string) => (ENTRY_NAMES.test(path.posix.basename(file)) ? 0 : 1);

/** A folder in its own words (README, manifest, or the header of its main file), and its main files. */
function describeFolder(knowledge: Knowledge, folder: string): Answer {
  const inside = Object.entries(knowledge.files).filter(([file]) => file.startsWith(`${folder}/`));
  const depth = (file: string) => file.split("/").length;
  const main = inside
    .filter(([, facts]) => facts.header)
    .sort((a, b) => depth(a[0]) - depth(b[0]) || entryRank(a[0]) - entryRank(b[0]) || b[1].symbols.length - a[1].symbols.length)
    .slice(0, MAX_POINTERS);
  const purpose = knowledge.overview.folders.find((each) => each.name === folder)?.purpose ?? main[0]?.[1].header;
  const pointers = main.map(([file, facts]) => ({ path: file, line: 1, why: facts.header ?? "" }));
  const text = [
    `\`${folder}/\`${purpose ? `: ${purpose}` : ""} (${inside.length} files).`,
    ...pointers.map((pointer) => `See ${line(pointer)}`),
  ].join("\n");
  return { kind: "what", text, pointers };
}

/** Why a path the question names is not one the guide will talk about, if it is not: the read gate's reason. */
function refusal(named: NamedPath | undefined): Answer | undefined {
  if (!named?.refused) return undefined;
  return { kind: "unknown", text: `I can't tell you about \`${echo(named.asked)}\`: ${named.refused.message}.`, pointers: [] };
}

function symbolNamed(knowledge: Knowledge, query: string, name: string): Hit | undefined {
  const wanted = name.toLowerCase().replace(/_/g, "");
  return searchIndex(knowledge.index, query).find((hit) => hit.kind === "symbol" && hit.name.toLowerCase().replace(/_/g, "") === wanted);
}

/** A symbol said aloud, its name in words ("what is sort trips by start" for sortTripsByStart, as the guide hears it). */
function spokenSymbol(knowledge: Knowledge, question: string): Hit | undefined {
  const words = question
    .toLowerCase()
    .replace(/^(what|explain|describe|tell me about)\b\s*(is|are|does)?\s*(the)?\s*/, "")
    .replace(/\s+do\s*\??\s*$/, "")
    .replace(/[?.!]+$/, "")
    .trim();
  if (!/^[a-z]+( [a-z]+)+$/.test(words)) return undefined;
  return symbolNamed(knowledge, words, words.replace(/ /g, ""));
}

/** `named`: the file or folder the question names, if any (answerQuestion has looked already). */
function what(knowledge: Knowledge, question: string, named: NamedPath | undefined): Answer {
  if (named?.file) return describeFile(knowledge, named.file);
  if (named?.folder) return describeFolder(knowledge, named.folder);
  if (named) {
    return { kind: "unknown", text: `I don't know a file called \`${echo(named.asked)}\` in this repository.`, pointers: [] };
  }
  // "what is joinRoom?": a symbol by its exact name, if there is one.
  const identifier = question.match(/\b([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\??\s*$/)?.[1];
  const exact =
    identifier && /[A-Z_.]|[a-z][A-Z]/.test(identifier)
      ? symbolNamed(knowledge, identifier, identifier.split(".").at(-1)!)
      : spokenSymbol(knowledge, question);
  if (exact) {
    const pointer = { path: exact.path, line: exact.line, why: symbolWhy(exact, knowledge.files[exact.path]) };
    return { kind: "what", text: `${line(pointer)}`, pointers: [pointer] };
  }
  const answer = where(knowledge, question);
  return answer.kind === "where" ? { ...answer, kind: "what" } : answer;
}

/** The repository's command that best fits a how-to question: by shared words, else by what it is for. */
function commandFor(knowledge: Knowledge, question: string) {
  const { overview } = knowledge;
  const all = [overview.run, overview.test, overview.build, ...overview.commands].filter((each) => each !== undefined);
  const asked = new Set(queryTerms(question));
  const overlap = (command: string) =>
    queryTerms(command).filter((term) => asked.has(term) && !["run", "npm", "make"].includes(term)).length;
  const best = all.map((each) => ({ each, shared: overlap(each.command) })).sort((a, b) => b.shared - a.shared)[0];
  if (best && best.shared > 0) return best.each;
  const q = question.toLowerCase();
  if (/\btest/.test(q)) return overview.test;
  if (/\bbuild\b/.test(q)) return overview.build;
  if (/\b(run|start|launch|serve|use|try)\b/.test(q)) return overview.run;
  return undefined;
}

function how(knowledge: Knowledge, question: string): Answer {
  const command = commandFor(knowledge, question);
  // How-to answers live in documentation more than in code.
  const docs = bestFiles(knowledge, searchIndex(knowledge.index, question), { preferSecondary: true, sectionWeight: 1.6 }).filter(
    (pointer) => pointer.path !== command?.source,
  );
  const pointers = docs.slice(0, MAX_POINTERS - (command ? 1 : 0));
  if (!command && pointers.length === 0) return unknown(question);
  const text = [
    ...(command ? [`Run \`${command.command}\` (from ${command.source}).`] : []),
    ...pointers.map((pointer) => `See ${line(pointer)}`),
  ].join("\n");
  return { kind: "how", text, pointers };
}

/** The repository as a whole: what it is, its main parts, what to read first, and the map and the tour on offer. */
function whole(knowledge: Knowledge): Answer {
  const { overview } = knowledge;
  const readme = rootReadme(Object.keys(knowledge.files));
  const entry = entryPoints(knowledge)[0];
  const pointers: Pointer[] = [
    ...(readme ? [{ path: readme, line: 1, why: "what it is and how to run it" }] : []),
    ...(entry
      ? [{ path: entry, line: 1, why: `where things start${knowledge.files[entry]?.header ? `: ${knowledge.files[entry]!.header}` : ""}` }]
      : []),
  ];
  const languages = overview.languages
    .slice(0, 3)
    .map((share) => `${share.language} (${share.percent}%)`)
    .join(", ");
  const parts = overview.folders
    .filter((folder) => folder.purpose)
    .slice(0, 5)
    .map((folder) => `\`${folder.name}/\` ${folder.purpose!.replace(/[.;\s]+$/, "")}`);
  const text = [
    overview.summary?.startsWith(overview.title) ? overview.summary : `${overview.title}${overview.summary ? `: ${overview.summary}` : ""}`,
    languages ? `Written in ${languages}, ${overview.fileCount} files.` : "",
    parts.length > 0 ? `Its main parts: ${parts.join("; ")}.` : "",
    pointers.length > 0
      ? `Read first: ${pointers.map((pointer) => `\`${pointer.path}:${pointer.line}\` (${pointer.why.replace(/[.\s]+$/, "")})`).join(", then ")}.`
      : "",
    "Open the map to see how the parts fit, or say “tour” and I'll lead the room through it.",
  ]
    .filter(Boolean)
    .join("\n");
  return { kind: "overview", text, pointers };
}

export function help(knowledge: Knowledge): Answer {
  const example = knowledge.overview.folders[0]?.name;
  const text = [
    "Ask me about this repository, for example:",
    `• where is … ("where is the entry point?")`,
    `• what does <file> do?${example ? ` ("what does ${example}/ … do?")` : ""}`,
    "• how do I run the tests?",
    "• what is this project? (and say “tour” for a tour of it)",
    "I answer with files and line numbers, best first, and I say so when I don't know.",
  ].join("\n");
  return { kind: "help", text, pointers: [] };
}

function unknown(question: string): Answer {
  const about = echo(question.replace(/^(where|what|how)\b[^a-z]*(is|are|does|do|the|i)?\s*/i, ""), 60);
  return {
    kind: "unknown",
    text: `I don't know${about ? ` where “${about}” is` : ""}: nothing in this repository matches it well. Try other words, or ask "help".`,
    pointers: [],
  };
}

export function answerQuestion(knowledge: Knowledge, rawQuestion: string): Answer {
  const question = rawQuestion.slice(0, MAX_QUESTION_CHARS);
  const named = namedFile(knowledge, question);
  const refused = refusal(named);
  if (refused) return refused;
  switch (classify(question)) {
    case "help":
      return help(knowledge);
    case "overview":
      return whole(knowledge);
    case "how":
      return how(knowledge, question);
    case "what":
      return what(knowledge, question, named);
    default:
      return where(knowledge, question);
  }
}
