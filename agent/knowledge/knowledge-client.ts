/**
 * The knowledge layer as a room's job sees it: open a repository root, then
 * ask. The work happens in a knowledge thread (knowledge-thread.ts); nothing
 * here does more than post messages (protocol.ts), so the job's event loop
 * stays free while a repository is read.
 */
import { EventEmitter } from "node:events";
import type { Worker } from "node:worker_threads";
import type { KnowledgeSettings } from "./build";
import type { FromKnowledge, KnowledgeState, Method, Methods, ToKnowledge } from "./protocol";
import { entryModule, spawnModuleThread } from "./threads";

const THREAD = entryModule("knowledge-thread", import.meta.url);
/**
 * A young generation smaller than V8's default: reading a repository makes
 * short-lived garbage by the file, and collecting it sooner keeps the job
 * process's memory lower while a large repository is read, at no cost in time
 * (measured with 10k files).
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };
/** A thread started before its room was known, its modules already loaded (see prewarmKnowledge). */
let spare: Worker | undefined;

/**
 * Starts a knowledge thread ahead of any room, in a job process the framework
 * keeps idle: loading its modules (the parsers, the index, the secret rules)
 * takes seconds on two cores, which then no longer stand between a person and
 * the greeting.
 */
export function prewarmKnowledge(): void {
  if (spare) return;
  const thread = spawnModuleThread(THREAD, {}, THREAD_LIMITS);
  // A spare that fails before a room claims it is dropped; the room starts a thread of its own.
  const drop = () => {
    if (spare === thread) spare = undefined;
  };
  thread.once("error", drop);
  thread.once("exit", drop);
  spare = thread;
}

type Pending = { resolve: (result: never) => void; reject: (error: Error) => void };

export class RepositoryKnowledge extends EventEmitter<{ state: [KnowledgeState] }> {
  private readonly thread: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closing = false;
  state: KnowledgeState = { status: "loading" };
  /** Resolves once the knowledge is ready or has failed. */
  readonly settled: Promise<KnowledgeState>;

  private constructor(root: string, settings: KnowledgeSettings) {
    super();
    this.thread = spare ?? spawnModuleThread(THREAD, {}, THREAD_LIMITS);
    spare = undefined;
    this.settled = new Promise((resolve) => {
      const settle = (state: KnowledgeState) => {
        this.state = state;
        this.emit("state", state);
        if (state.status === "ready" || state.status === "failed") resolve(state);
      };
      this.thread.on("message", (message: FromKnowledge) => {
        if (message.type === "state") {
          settle(message.state);
          return;
        }
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.type === "result") pending?.resolve(message.result as never);
        else pending?.reject(new Error(message.message));
      });
      const stopped = (detail: string) => {
        if (this.closing) return;
        for (const each of this.pending.values()) each.reject(new Error(detail));
        this.pending.clear();
        if (this.state.status !== "ready") settle({ status: "failed", reason: "the repository could not be read", detail });
      };
      this.thread.on("error", (error) => stopped(error.message));
      this.thread.on("exit", (code) => stopped(`the knowledge thread stopped (exit code ${code})`));
    });
    this.post({ type: "open", root, settings });
  }

  /** Starts learning the repository at `root` (which the caller has checked it may read). */
  static open(root: string, settings: KnowledgeSettings): RepositoryKnowledge {
    return new RepositoryKnowledge(root, settings);
  }

  private post(message: ToKnowledge) {
    this.thread.postMessage(message);
  }

  private call<M extends Method>(method: M, params: Methods[M]["params"]): Promise<Methods[M]["result"]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: never) => void, reject });
      this.post({ type: "call", id, method, params });
    });
  }

  /** An answer to a question about the repository (waits until it is known). */
  answer(question: string) {
    return this.call("answer", { question });
  }

  /** Lines of a file, through the read gate, or why not. */
  readFile(request: Methods["readFile"]["params"]) {
    return this.call("readFile", request);
  }

  /** The files the guide may read, under a folder prefix. */
  listFiles(prefix?: string) {
    return this.call("listFiles", prefix === undefined ? {} : { prefix });
  }

  /** Whether each pointer's file is still readable and has that line. */
  checkPointers(pointers: Methods["checkPointers"]["params"]["pointers"]) {
    return this.call("checkPointers", { pointers });
  }

  /** The words of the repository's names, for a speech recognizer. */
  vocabulary() {
    return this.call("vocabulary", {});
  }

  /** The map of the repository: folders as modules, imports as edges. */
  map() {
    return this.call("map", {});
  }

  /** The repository's tours (its CodeTour files first, then the guide's). */
  tours() {
    return this.call("tours", {});
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.thread.terminate();
  }
}
