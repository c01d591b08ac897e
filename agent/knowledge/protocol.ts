/**
 * The knowledge layer's boundary, as messages: what a room's job asks of the
 * knowledge thread (knowledge-thread.ts) and what it hears back. Only plain
 * data crosses it, so the same calls could go to another process.
 *
 * The calls are the layer's whole interface: an answer, a file's lines, the
 * file list, a check of pointers (citations), what a speech recognizer
 * needs (its grammar and pronunciations), the map of the repository, and its tours. The overview and greeting examples come with the
 * "ready" state.
 */
import type { Answer, Pointer } from "./answer";
import type { KnowledgeSettings, KnowledgeStats } from "./build";
import type { HearingModel } from "./hearing-model";
import type { Overview } from "./overview";
import type { Refusal } from "./read-gate";
import type { RepositoryMap } from "./repository-map";
import type { Tour } from "./tours";

/** Questions worth suggesting in a greeting, taken from the repository itself. */
export type GreetingExamples = { symbol?: string; file?: string };

export type KnowledgeState =
  | { status: "loading" }
  | { status: "building" }
  | {
      status: "ready";
      revision: string;
      overview: Overview;
      examples: GreetingExamples;
      stats: KnowledgeStats;
      /** Set by the knowledge service when it already held this index for another room: nothing was read for this one. */
      held?: true;
    }
  /** `reason` is for people (no paths); `detail` is for the log. */
  | { status: "failed"; reason: string; detail: string };

/** At most this many lines, and this many bytes of them, come back from one read: small enough for any RPC peer. */
export const FILE_CHUNK_LINES = 500;
export const FILE_CHUNK_BYTES = 12 * 1024;

/** Lines of one file, 1-based and inclusive; without an end, as many as one chunk holds. */
export type FileRequest = { path: string; startLine?: number; endLine?: number };

export type FileLines = {
  path: string;
  /** The revision the repository was indexed at. */
  revision: string;
  language?: string;
  startLine: number;
  /** The lines from startLine on; a redacted line is empty. */
  lines: string[];
  /** Line numbers (1-based) among these that the read gate blanked. */
  redactedLines: number[];
  totalLines: number;
  /** Set when the file changed on disk after the guide read it: its pointers may have moved. */
  changedSinceIndexed?: true;
};

/** Whether a pointer still holds: the file readable through the gate, and the line in it. */
export type PointerCheck = Pick<Pointer, "path" | "line"> & { ok: boolean; reason?: string };

export type Methods = {
  answer: { params: { question: string }; result: Answer };
  readFile: { params: FileRequest; result: FileLines | Refusal };
  listFiles: { params: { prefix?: string }; result: string[] };
  checkPointers: { params: { pointers: Array<Pick<Pointer, "path" | "line">> }; result: PointerCheck[] };
  /** What the recognizer needs to hear questions about the repository: its grammar and pronunciations. */
  hearing: { params: Record<string, never>; result: HearingModel };
  map: { params: Record<string, never>; result: RepositoryMap };
  tours: { params: Record<string, never>; result: Tour[] };
  /** The repository's revision on disk now (listed again): the knowledge service compares it with a held index's. */
  revision: { params: Record<string, never>; result: string };
};
export type Method = keyof Methods;

export type ToKnowledge =
  | { type: "open"; root: string; settings: KnowledgeSettings }
  | { type: "call"; id: number; method: Method; params: Methods[Method]["params"] };

export type FromKnowledge =
  | { type: "state"; state: KnowledgeState }
  | { type: "result"; id: number; result: Methods[Method]["result"] }
  | { type: "error"; id: number; message: string };
