/**
 * A knowledge link to a knowledge thread of this process
 * (knowledge-thread.ts): what a job uses when its worker runs no knowledge
 * service, and what the knowledge service itself uses for each index it
 * holds. The thread ends with its link.
 */
import { EventEmitter } from "node:events";
import type { Worker } from "node:worker_threads";
import type { KnowledgeLink } from "./knowledge-client";
import type { FromKnowledge, ToKnowledge } from "./protocol";
import { entryModule, spawnModuleThread } from "./threads";

const THREAD = entryModule("knowledge-thread", import.meta.url);
/**
 * A young generation smaller than V8's default: reading a repository makes
 * short-lived garbage by the file, and collecting it sooner keeps memory
 * lower while a large repository is read, at no cost in time (measured with
 * 10k files).
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

export class ThreadLink
  extends EventEmitter<{ message: [FromKnowledge]; lost: [string]; interrupted: []; restored: [] }>
  implements KnowledgeLink
{
  private readonly thread: Worker;

  constructor() {
    super();
    this.thread = spare ?? spawnModuleThread(THREAD, {}, THREAD_LIMITS);
    spare = undefined;
    this.thread.on("message", (message: FromKnowledge) => this.emit("message", message));
    this.thread.on("error", (error) => this.emit("lost", error.message));
    this.thread.on("exit", (code) => this.emit("lost", `the knowledge thread stopped (exit code ${code})`));
  }

  send(message: ToKnowledge): void {
    this.thread.postMessage(message);
  }

  async close(): Promise<void> {
    this.removeAllListeners("lost");
    await this.thread.terminate();
  }
}
