/**
 * The knowledge layer as a room's job sees it: open a repository root, then
 * ask. The work happens elsewhere, and nothing here does more than pass
 * messages (protocol.ts), so the job's event loop stays free while a
 * repository is read. Where it happens is the link's business:
 * - the worker's knowledge service (service-link.ts), which holds each
 *   repository's index once for every room on the machine;
 * - or, with no service (a job run on its own, the tests of the layer, the
 *   eval), a knowledge thread of this process (thread-link.ts).
 */
import { EventEmitter } from "node:events";
import type { KnowledgeSettings } from "./build";
import type { FromKnowledge, KnowledgeState, Method, Methods, ToKnowledge } from "./protocol";
import { ServiceLink, type ServiceTarget } from "./service-link";
import { ThreadLink } from "./thread-link";

export { prewarmKnowledge } from "./thread-link";

/**
 * Where messages go. `lost` ends the link for good; `interrupted` and
 * `restored` bracket a wait for it (the service restarting), during which
 * calls wait too.
 */
export type KnowledgeLink = EventEmitter<{ message: [FromKnowledge]; lost: [string]; interrupted: []; restored: [] }> & {
  send: (message: ToKnowledge) => void;
  close: () => Promise<void>;
};

type Pending = { resolve: (result: never) => void; reject: (error: Error) => void };

export class RepositoryKnowledge extends EventEmitter<{ state: [KnowledgeState]; lost: [string] }> {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closing = false;
  /** Why the link ended for good, once it has: later calls fail at once. */
  private lost: string | undefined;
  state: KnowledgeState = { status: "loading" };
  /** Resolves once the knowledge is ready or has failed. */
  readonly settled: Promise<KnowledgeState>;
  /** False while the link waits for the knowledge service to come back. */
  available = true;
  /** How many times the link was interrupted: a caller compares it before and after a wait. */
  interruptions = 0;

  private constructor(
    private readonly link: KnowledgeLink,
    root: string,
    settings: KnowledgeSettings,
  ) {
    super();
    this.settled = new Promise((resolve) => {
      let settledOnce = false;
      const settle = (state: KnowledgeState) => {
        // Once ready (or failed), it stays so: a service that restarts sends "ready" again, which changes nothing here.
        if (settledOnce) return;
        this.state = state;
        this.emit("state", state);
        if (state.status === "ready" || state.status === "failed") {
          settledOnce = true;
          resolve(state);
        }
      };
      link.on("message", (message) => {
        if (message.type === "state") {
          settle(message.state);
          return;
        }
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.type === "result") pending?.resolve(message.result as never);
        else pending?.reject(new Error(message.message));
      });
      link.on("lost", (detail) => {
        if (this.closing) return;
        this.lost = detail;
        this.rejectPending(detail);
        settle({ status: "failed", reason: "the repository could not be read", detail });
        this.emit("lost", detail);
      });
      link.on("interrupted", () => {
        this.available = false;
        this.interruptions += 1;
      });
      link.on("restored", () => {
        this.available = true;
      });
    });
    link.send({ type: "open", root, settings });
  }

  /**
   * Starts learning the repository at `root` (which the caller has checked it
   * may read): through the worker's knowledge service when there is one.
   */
  static open(root: string, settings: KnowledgeSettings, service?: ServiceTarget): RepositoryKnowledge {
    return new RepositoryKnowledge(service ? new ServiceLink(service) : new ThreadLink(), root, settings);
  }

  /** False once the link has ended for good (its thread died, say): every call would fail. */
  get usable(): boolean {
    return this.lost === undefined;
  }

  /** One call of the layer's interface. */
  ask<M extends Method>(method: M, params: Methods[M]["params"]): Promise<Methods[M]["result"]> {
    const id = this.nextId++;
    if (this.lost !== undefined) return Promise.reject(new Error(this.lost));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: never) => void, reject });
      this.link.send({ type: "call", id, method, params });
    });
  }

  /** An answer to a question about the repository (waits until it is known). */
  answer(question: string) {
    return this.ask("answer", { question });
  }

  /** Lines of a file, through the read gate, or why not. */
  readFile(request: Methods["readFile"]["params"]) {
    return this.ask("readFile", request);
  }

  /** The files the guide may read, under a folder prefix. */
  listFiles(prefix?: string) {
    return this.ask("listFiles", prefix === undefined ? {} : { prefix });
  }

  /** Whether each pointer's file is still readable and has that line. */
  checkPointers(pointers: Methods["checkPointers"]["params"]["pointers"]) {
    return this.ask("checkPointers", { pointers });
  }

  /** The words of the repository's names, for a speech recognizer. */
  hearing() {
    return this.ask("hearing", {});
  }

  /** The map of the repository: folders as modules, imports as edges. */
  map() {
    return this.ask("map", {});
  }

  /** The repository's tours (its CodeTour files first, then the guide's). */
  tours() {
    return this.ask("tours", {});
  }

  private rejectPending(detail: string) {
    for (const each of this.pending.values()) each.reject(new Error(detail));
    this.pending.clear();
  }

  /** Ends the link; a call still waiting fails rather than waiting forever. */
  async close(): Promise<void> {
    this.closing = true;
    this.lost ??= "the knowledge was closed";
    this.rejectPending(this.lost);
    await this.link.close();
  }
}
