/**
 * A room's job process reporting to its worker's metrics (events.ts over the
 * worker's socket, worker-metrics.ts). Without a socket (a worker started
 * without metrics, or a test running a job alone) it does nothing; a socket
 * that fails costs metrics, never the room.
 */
import { connect, type Socket } from "node:net";
import { writeJsonLine } from "../ipc/private-socket";
import type { MetricEvent } from "./events";

export type Reporter = { report: (event: Exclude<MetricEvent, { type: "hello" }>) => void; close: () => void };

export const NO_REPORTER: Reporter = { report: () => undefined, close: () => undefined };

export function connectReporter(target: { socket: string; secret: string } | undefined): Reporter {
  if (!target) return NO_REPORTER;
  let socket: Socket | undefined = connect(target.socket);
  socket.on("error", () => {
    socket?.destroy();
    socket = undefined;
  });
  const send = (event: MetricEvent) => {
    if (socket) writeJsonLine(socket, event);
  };
  send({ type: "hello", secret: target.secret });
  return {
    report: send,
    close: () => {
      socket?.end();
      socket = undefined;
    },
  };
}
