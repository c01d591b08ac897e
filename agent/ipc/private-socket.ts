/**
 * The worker's private Unix sockets, which its job processes (and the
 * knowledge service) talk to in JSON lines: the metrics socket
 * (metrics/worker-metrics.ts) and the knowledge service's
 * (knowledge-service/). Two locks on each:
 * - the socket sits in a folder only the worker's user can enter (0700), so
 *   no other user's process can connect at all;
 * - every connection's first line is a hello with the worker's secret, which
 *   the job processes inherit in their environment, since Node cannot read a
 *   socket peer's uid. A connection that presents anything else is closed.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";

export type Hello = { type: "hello"; secret: string };

/** A hello is a short line, sent at once. */
const MAX_HELLO_BYTES = 1024;
const HELLO_WITHIN_MS = 5_000;

/** A fresh secret for a worker's socket. */
export const newSecret = (): string => randomBytes(32).toString("hex");

/** A socket path in a new folder that only this user can enter; `remove` deletes the folder. */
export function privateSocketPath(name: string): { socketPath: string; remove: () => void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), "onboarding-guide-"));
  chmodSync(folder, 0o700);
  return { socketPath: path.join(folder, name), remove: () => rmSync(folder, { recursive: true, force: true }) };
}

export function secretMatches(presented: unknown, secret: string): boolean {
  const given = Buffer.from(typeof presented === "string" ? presented : "");
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Calls `onValue` with each JSON line the socket sends. A line that is not
 * JSON, or longer than `maxLineBytes()` (asked again as lines arrive, so a
 * peer can be held to less until it has said who it is), closes the socket:
 * peers are our own processes, so either is a fault, not something to recover
 * from. Each chunk is searched once, so a long line costs its length, not its
 * square.
 */
export function readJsonLines(socket: Socket, onValue: (value: unknown) => void, maxLineBytes: number | (() => number)): void {
  const limit = typeof maxLineBytes === "number" ? () => maxLineBytes : maxLineBytes;
  let pieces: Buffer[] = [];
  let buffered = 0;
  socket.on("data", (chunk: Buffer) => {
    let start = 0;
    let end = chunk.indexOf(10);
    while (end >= 0) {
      pieces.push(chunk.subarray(start, end));
      const line = Buffer.concat(pieces).toString("utf8");
      pieces = [];
      buffered = 0;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        socket.destroy();
        return;
      }
      onValue(value);
      if (socket.destroyed) return;
      start = end + 1;
      end = chunk.indexOf(10, start);
    }
    if (start < chunk.length) {
      pieces.push(chunk.subarray(start));
      buffered += chunk.length - start;
      if (buffered > limit()) socket.destroy();
    }
  });
}

export function writeJsonLine(socket: Socket, value: unknown): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(value)}\n`);
}

/**
 * Serves a private socket: `onPeer` is called once a connection has presented
 * the secret, and returns what to do with each of its later lines.
 */
export async function servePrivateSocket(
  socketPath: string,
  secret: string,
  maxLineBytes: number,
  onPeer: (socket: Socket) => (value: unknown) => void,
): Promise<Server> {
  const server = createServer((socket) => {
    let onValue: ((value: unknown) => void) | undefined;
    socket.on("error", () => undefined);
    // Who it is comes first, soon and short.
    const helloTimer = setTimeout(() => socket.destroy(), HELLO_WITHIN_MS);
    socket.on("close", () => clearTimeout(helloTimer));
    readJsonLines(
      socket,
      (value) => {
        if (onValue) {
          onValue(value);
          return;
        }
        clearTimeout(helloTimer);
        const hello = value as Partial<Hello> | null;
        if (hello?.type !== "hello" || !secretMatches(hello.secret, secret)) socket.destroy();
        else onValue = onPeer(socket);
      },
      () => (onValue ? maxLineBytes : MAX_HELLO_BYTES),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  return server;
}
