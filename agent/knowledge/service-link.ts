/**
 * A knowledge link to the worker's knowledge service (knowledge-service.ts),
 * over its private Unix socket (ipc/private-socket.ts), in protocol.ts's
 * messages as JSON lines.
 *
 * When the service stops (a crash, a restart), the link is interrupted, not
 * lost: it connects again with a growing pause, opens the same root again,
 * and sends again every call not yet answered (every call is a read, so
 * asking twice is harmless). A call that waits longer than OUTAGE_LIMIT_MS
 * for the service fails, so that nobody waits forever for an answer.
 */
import { EventEmitter } from "node:events";
import { connect, type Socket } from "node:net";
import { readJsonLines, writeJsonLine } from "../ipc/private-socket";
import type { KnowledgeLink } from "./knowledge-client";
import type { FromKnowledge, ToKnowledge } from "./protocol";

/** Where the worker's knowledge service listens, and the secret its job processes inherited. */
export type ServiceTarget = { socket: string; secret: string };

const RETRY_MS = [50, 100, 250, 500, 1000];
const OUTAGE_LIMIT_MS = 30_000;
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
  private readonly unanswered = new Map<number, Extract<ToKnowledge, { type: "call" }>>();
  private outageTimer: NodeJS.Timeout | undefined;

  constructor(private readonly target: ServiceTarget) {
    super();
    this.connect();
  }

  send(message: ToKnowledge): void {
    if (message.type === "open") this.opening = message;
    else this.unanswered.set(message.id, message);
    if (this.connected && this.socket) writeJsonLine(this.socket, message);
  }

  private connect() {
    const socket = connect(this.target.socket);
    this.socket = socket;
    socket.on("connect", () => {
      this.connected = true;
      const wasInterrupted = this.attempt > 0;
      this.attempt = 0;
      clearTimeout(this.outageTimer);
      writeJsonLine(socket, { type: "hello", secret: this.target.secret });
      if (this.opening) writeJsonLine(socket, this.opening);
      for (const call of this.unanswered.values()) writeJsonLine(socket, call);
      if (wasInterrupted) this.emit("restored");
    });
    readJsonLines(
      socket,
      (value) => {
        const message = value as FromKnowledge;
        if (message.type === "result" || message.type === "error") {
          if (!this.unanswered.delete(message.id)) return;
        }
        this.emit("message", message);
      },
      MAX_LINE_BYTES,
    );
    socket.on("error", () => undefined);
    socket.on("close", () => this.reconnect(socket));
  }

  private reconnect(socket: Socket) {
    if (this.closed || socket !== this.socket) return;
    this.connected = false;
    if (this.attempt === 0) {
      this.emit("interrupted");
      this.outageTimer = setTimeout(() => this.failWaitingCalls(), OUTAGE_LIMIT_MS);
    }
    const pause = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)]!;
    this.attempt += 1;
    setTimeout(() => {
      if (!this.closed) this.connect();
    }, pause).unref();
  }

  private failWaitingCalls() {
    for (const id of this.unanswered.keys()) {
      this.emit("message", { type: "error", id, message: "the knowledge service is not answering" });
    }
    this.unanswered.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.outageTimer);
    this.socket?.destroy();
  }
}
