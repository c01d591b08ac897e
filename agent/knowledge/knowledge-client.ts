/**
 * The job's side of the knowledge thread: start it for a repository root,
 * learn when it is building, ready or failed, and ask it questions. Nothing
 * here does more than post messages, so the job's event loop stays free.
 */
import { EventEmitter } from "node:events";
import type { Worker } from "node:worker_threads";
import type { Answer } from "../conversation/answer";
import type { GreetingExamples } from "../conversation/greeting";
import { entryModule, spawnModuleThread } from "../threads/spawn";
import type { KnowledgeStats } from "./knowledge";
import type { Overview } from "./overview";

export type KnowledgeState =
  | { status: "loading" }
  | { status: "building" }
  | { status: "ready"; overview: Overview; stats: KnowledgeStats; examples: GreetingExamples }
  | { status: "failed"; reason: string; detail: string };

type Events = { state: [KnowledgeState] };

const THREAD = entryModule("knowledge-thread", import.meta.url);
/**
 * A young generation smaller than V8's default: reading a repository makes
 * short-lived garbage by the file, and collecting it sooner keeps the job
 * process's memory lower while a large repository is read, at no cost in time
 * (measured with 10k files).
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };
/** A thread started before its room was known, its modules already loaded (see prewarmKnowledgeThread). */
let spare: Worker | undefined;

/**
 * Starts a knowledge thread ahead of any room, in a job process the framework
 * keeps idle: loading its modules (the parsers and the index) takes seconds
 * on two cores, which then no longer stand between a person and the greeting.
 */
export function prewarmKnowledgeThread(): void {
  spare ??= spawnModuleThread(THREAD, {}, THREAD_LIMITS);
}

export class KnowledgeClient extends EventEmitter<Events> {
  private readonly thread: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, (answer: Answer) => void>();
  state: KnowledgeState = { status: "loading" };
  /** Resolves once the knowledge is ready or has failed. */
  readonly settled: Promise<KnowledgeState>;

  constructor(root: string) {
    super();
    this.thread = spare ?? spawnModuleThread(THREAD, {}, THREAD_LIMITS);
    spare = undefined;
    this.thread.postMessage({ type: "open", root });
    this.settled = new Promise((resolve) => {
      this.thread.on("message", (message: { type: string } & Record<string, unknown>) => {
        if (message.type === "answer") {
          this.pending.get(message.id as number)?.(message.answer as Answer);
          this.pending.delete(message.id as number);
          return;
        }
        if (message.type === "building") this.setState({ status: "building" });
        if (message.type === "ready") {
          this.setState({
            status: "ready",
            overview: message.overview as Overview,
            stats: message.stats as KnowledgeStats,
            examples: message.examples as GreetingExamples,
          });
          resolve(this.state);
        }
        if (message.type === "failed") {
          this.setState({ status: "failed", reason: message.reason as string, detail: message.detail as string });
          resolve(this.state);
        }
      });
      this.thread.on("error", (error) => {
        this.setState({ status: "failed", reason: "the repository could not be read", detail: error.message });
        resolve(this.state);
      });
    });
  }

  private setState(state: KnowledgeState) {
    this.state = state;
    this.emit("state", state);
  }

  /** An answer from the repository's knowledge (waits for it to be ready). */
  ask(question: string): Promise<Answer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.thread.postMessage({ type: "ask", id, question });
    });
  }

  async close(): Promise<void> {
    await this.thread.terminate();
  }
}
