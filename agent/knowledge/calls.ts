/**
 * What the knowledge layer answers, given what it knows of one repository:
 * the body of each call in protocol.ts. The knowledge thread serves these;
 * nothing here leaves without the read gate: answers, the file list and the
 * hearing model's names are released through it, and file lines are read through it.
 * Every pointer an answer gives is checked first: the file readable, the line in it.
 */
import { type Answer, answerQuestion } from "./answer";
import type { Knowledge } from "./build";
import { listRepositoryFiles, repositoryRevision } from "./files";
import { cachedHearingModel, DEFAULT_HEARING, type HearingModel } from "./hearing-model";
import { languageOf } from "./languages";
import { FILE_CHUNK_BYTES, FILE_CHUNK_LINES, type Method, type Methods, type PointerCheck } from "./protocol";
import { type GatedFile, isRefusal, type Refusal } from "./read-gate";
import { repositoryMap } from "./repository-map";
import { repositoryTours } from "./tours";

const NOT_IN_REPOSITORY: Refusal = { refused: "not-found", message: "there is no such file in this repository" };

/** A file the index holds, read through the gate now; anything else, the gate's reason or "not in the repository". */
async function readIndexed(knowledge: Knowledge, asked: string): Promise<GatedFile | Refusal> {
  const checked = knowledge.gate.check(asked);
  if (isRefusal(checked)) return checked.refused === "not-a-file" || checked.refused === "not-found" ? NOT_IN_REPOSITORY : checked;
  // Only files the repository lists (tracked, or not ignored) and the index read: an ignored file is not the repository's.
  if (!Object.hasOwn(knowledge.files, checked.path)) return NOT_IN_REPOSITORY;
  return knowledge.gate.read(checked);
}

function lineCount(text: string): number {
  if (text === "") return 0;
  const lines = text.split("\n").length;
  return text.endsWith("\n") ? lines - 1 : lines;
}

async function readFile(knowledge: Knowledge, request: Methods["readFile"]["params"]): Promise<Methods["readFile"]["result"]> {
  const gated = await readIndexed(knowledge, request.path);
  if (isRefusal(gated)) return gated;
  const all = gated.text.split("\n");
  const totalLines = lineCount(gated.text);
  const wholeOr = (value: number | undefined, otherwise: number) => (Number.isFinite(value) ? Math.floor(value!) : otherwise);
  const startLine = Math.min(Math.max(1, wholeOr(request.startLine, 1)), Math.max(1, totalLines));
  const lastWanted = Math.min(totalLines, wholeOr(request.endLine, totalLines), startLine + FILE_CHUNK_LINES - 1);
  const lines: string[] = [];
  let bytes = 0;
  for (let line = startLine; line <= lastWanted; line += 1) {
    const text = all[line - 1] ?? "";
    const size = Buffer.byteLength(text) + 1;
    if (bytes + size > FILE_CHUNK_BYTES) {
      // A single line longer than a chunk (minified code) is cut; otherwise the chunk ends before it.
      if (lines.length === 0)
        lines.push(
          Buffer.from(text)
            .subarray(0, FILE_CHUNK_BYTES)
            .toString("utf8")
            .replace(/\uFFFD$/, ""),
        );
      break;
    }
    lines.push(text);
    bytes += size;
  }
  const endLine = startLine + lines.length - 1;
  const language = languageOf(gated.path)?.name;
  return {
    path: gated.path,
    revision: knowledge.revision,
    ...(language ? { language } : {}),
    startLine,
    lines,
    redactedLines: gated.redactions.map((redaction) => redaction.line).filter((line) => line >= startLine && line <= endLine),
    totalLines,
    ...(gated.modified > knowledge.indexedAt ? { changedSinceIndexed: true as const } : {}),
  };
}

export async function checkPointers(
  knowledge: Knowledge,
  pointers: Methods["checkPointers"]["params"]["pointers"],
): Promise<PointerCheck[]> {
  // Each file is read once, however many pointers name it.
  const lines = new Map<string, Promise<number | Refusal>>();
  const linesOf = (path: string) => {
    let known = lines.get(path);
    if (!known) {
      known = readIndexed(knowledge, path).then((gated) => (isRefusal(gated) ? gated : lineCount(gated.text)));
      lines.set(path, known);
    }
    return known;
  };
  return Promise.all(
    pointers.map(async ({ path, line }) => {
      const total = await linesOf(path);
      if (isRefusal(total)) return { path, line, ok: false, reason: total.message };
      return line >= 1 && line <= total ? { path, line, ok: true } : { path, line, ok: false, reason: `the file has ${total} lines` };
    }),
  );
}

/**
 * Lines of repository text that are not sentences (paths, words of names),
 * released through the gate: one that a rule flags is left out. Each list is
 * made once per knowledge.
 */
type Released = {
  files?: Promise<string[]>;
  hearing?: Promise<HearingModel>;
  map?: Promise<Methods["map"]["result"]>;
  tours?: Promise<Methods["tours"]["result"]>;
};
const released = new WeakMap<Knowledge, Released>();

function releasedOnce(knowledge: Knowledge, which: "files", make: () => string[]): Promise<string[]> {
  const lists = released.get(knowledge) ?? {};
  released.set(knowledge, lists);
  lists[which] ??= knowledge.gate.releaseLines(make());
  return lists[which];
}

/** The hearing model, made (or read from the cache) once per knowledge; its names were released through the gate (hearing-model.ts). */
function hearingOnce(knowledge: Knowledge): Promise<HearingModel> {
  const made = released.get(knowledge) ?? {};
  released.set(knowledge, made);
  if (!made.hearing) {
    const making = cachedHearingModel(knowledge, knowledge.hearing ?? DEFAULT_HEARING, knowledge.cacheBase);
    made.hearing = making;
    // A failure (espeak-ng missing for a moment, a full disk) is tried again by the next press, not remembered.
    making.catch(() => {
      if (made.hearing === making) made.hearing = undefined;
    });
  }
  return made.hearing;
}

/** The map and the tours, computed once per knowledge and released through the gate (names and sentences alike). */
function computedOnce<K extends "map" | "tours">(
  knowledge: Knowledge,
  which: K,
  make: () => Promise<NonNullable<Released[K]> extends Promise<infer T> ? T : never>,
) {
  const computed = released.get(knowledge) ?? {};
  released.set(knowledge, computed);
  computed[which] ??= make().then((value) => knowledge.gate.releaseAll(value)) as Released[K];
  return computed[which]!;
}

/**
 * An answer whose every pointer holds: the file readable through the gate
 * now, and the line in it. A pointer that does not hold (the file changed or
 * went since it was indexed) is left out, with its line of the answer.
 */
async function checkedAnswer(knowledge: Knowledge, question: string): Promise<Answer> {
  const answer = answerQuestion(knowledge, question);
  const checks = await checkPointers(knowledge, answer.pointers);
  if (checks.every((check) => check.ok)) return answer;
  const failing = checks.filter((check) => !check.ok).map((check) => `\`${check.path}:${check.line}\``);
  const pointers = answer.pointers.filter((_, index) => checks[index]!.ok);
  if (pointers.length === 0) {
    return {
      kind: "unknown",
      text: "What I knew of that has changed on disk since I read the repository; ask me again after it is read again.",
      pointers,
    };
  }
  const text = answer.text
    .split("\n")
    .filter((line) => !failing.some((pointer) => line.includes(pointer)))
    .join("\n");
  return { ...answer, text, pointers };
}

type Handlers = { [M in Method]: (knowledge: Knowledge, params: Methods[M]["params"]) => Promise<Methods[M]["result"]> };

const HANDLERS: Handlers = {
  answer: async (knowledge, { question }) => knowledge.gate.releaseAll(await checkedAnswer(knowledge, question)),
  readFile,
  listFiles: async (knowledge, { prefix = "" }) =>
    (await releasedOnce(knowledge, "files", () => Object.keys(knowledge.files).sort())).filter((file) => file.startsWith(prefix)),
  checkPointers: (knowledge, { pointers }) => checkPointers(knowledge, pointers),
  hearing: (knowledge) => hearingOnce(knowledge),
  map: (knowledge) => computedOnce(knowledge, "map", async () => repositoryMap(knowledge)),
  tours: (knowledge) => computedOnce(knowledge, "tours", () => repositoryTours(knowledge)),
  // A hash of the listing, nothing of the repository's text.
  revision: async (knowledge) => repositoryRevision(listRepositoryFiles(knowledge.gate)),
};

/** Serves one call of the knowledge layer's interface. */
export function serve<M extends Method>(knowledge: Knowledge, method: M, params: Methods[M]["params"]): Promise<Methods[M]["result"]> {
  const handler = HANDLERS[method] as ((knowledge: Knowledge, params: Methods[M]["params"]) => Promise<Methods[M]["result"]>) | undefined;
  if (!handler) return Promise.reject(new Error(`unknown knowledge call ${String(method)}`));
  return handler(knowledge, params);
}
