/**
 * A knowledge link to the worker's knowledge service (knowledge-service.ts),
 * over its private Unix socket (ipc/private-socket.ts), in protocol.ts's
 * messages as JSON lines.
 *
 * When the service stops (a crash, a restart), the link is interrupted, not
 * lost: it connects again with a growing pause, opens the same root again,
 * and sends again every call not yet answered (every call is a read, so
 * asking twice is harmless). Every call has a deadline (CALL_DEADLINE_MS),
 * however the service fails (gone, hung, or dropping each connection), so
 * that nobody waits forever for an answer.
 */
import { EventEmitter } from "node:events";
import { connect, type Socket } from "node:net";
import { readJsonLines, writeJsonLine } from "../ipc/private-socket";
import type { KnowledgeLink } from "./knowledge-client";
import type { FromKnowledge, ToKnowledge } from "./protocol";

/** Where the worker's knowledge service listens, and the secret its job processes inherited. */
export type ServiceTarget = { socket: string; secret: string };

const RETRY_MS = [50, 100, 250, 500, 1000];
/** Long enough for a call that waits while a large repository is read (10k files: about 15 s), short of forever. */
const CALL_DEADLINE_MS = 90_000;
/** A map or a file list of a large repository is one line: room for it, and not for a runaway. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export class ServiceLink
  extends EventEmitter<{ message: [FromKnowledge]; lost: [string]; interrupted: []; restored: [] }>
  implements KnowledgeLink
{
  private socket: Socket | undefined;
  private connected = false;
  private closed = false;
  private attempt = 0;
  private opening: Extract<ToKnowledge, { type: "open" }> | undefined;
  private readonly unanswered = new Map<number, { call: Extract<ToKnowledge, { type: "call" }>; deadline: NodeJS.Timeout }>();
  private interrupted = false;

  constructor(private readonly target: ServiceTarget) {
    super();
    this.connect();
  }

  send(message: ToKnowledge): void {
    if (message.type === "open") this.opening = message;
    else {
      const { id } = message;
      const deadline = setTimeout(
        () => this.answer({ type: "error", id, message: "the knowledge service is not answering" }),
        CALL_DEADLINE_MS,
      );
      this.unanswered.set(id, { call: message, deadline });
    }
    if (this.connected && this.socket) writeJsonLine(this.socket, message);
  }

  /** A call's answer (or its failure), passed on once: a late one after its deadline is dropped. */
  private answer(message: Extract<FromKnowledge, { type: "result" | "error" }>) {
    const waiting = this.unanswered.get(message.id);
    if (!waiting) return;
    clearTimeout(waiting.deadline);
    this.unanswered.delete(message.id);
    this.emit("message", message);
  }

  private connect() {
    const socket = connect(this.target.socket);
    this.socket = socket;
    socket.on("connect", () => {
      this.connected = true;
      writeJsonLine(socket, { type: "hello", secret: this.target.secret });
      if (this.opening) writeJsonLine(socket, this.opening);
      for (const { call } of this.unanswered.values()) writeJsonLine(socket, call);
    });
    readJsonLines(
      socket,
      (value) => {
        // Back only once the service speaks: one that accepts and then drops every connection is still away.
        this.attempt = 0;
        if (this.interrupted) {
          this.interrupted = false;
          this.emit("restored");
        }
        const message = value as FromKnowledge | null;
        if (message?.type === "result" || message?.type === "error") this.answer(message);
        else if (message?.type === "state") this.emit("message", message);
      },
      MAX_LINE_BYTES,
    );
    socket.on("error", () => undefined);
    socket.on("close", () => this.reconnect(socket));
  }

  private reconnect(socket: Socket) {
    if (this.closed || socket !== this.socket) return;
    this.connected = false;
    if (!this.interrupted) {
      this.interrupted = true;
      this.emit("interrupted");
    }
    const pause = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)]!;
    this.attempt += 1;
    setTimeout(() => {
      if (!this.closed) this.connect();
    }, pause).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { deadline } of this.unanswered.values()) clearTimeout(deadline);
    this.unanswered.clear();
    this.socket?.destroy();
  }
}
