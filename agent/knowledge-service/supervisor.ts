/**
 * The worker's side of the knowledge service (knowledge-service.ts): it
 * starts the service as a child process, on a private socket with a fresh
 * secret, and starts it again whenever it stops, until the worker closes it.
 * Rooms' job processes reconnect by themselves (service-link.ts), so a crash
 * costs answers for a moment, not rooms.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { newSecret, privateSocketPath } from "../ipc/private-socket";
import { entryModule, type ServiceTarget } from "../knowledge";

const SERVICE = entryModule("knowledge-service", import.meta.url);
/** Pauses before a restart, longer for a service that keeps failing as it starts. */
const RESTART_PAUSE_MS = [100, 500, 2_000, 5_000];
/** A service that ran this long before stopping is restarted at once, whatever came before. */
const HEALTHY_MS = 30_000;

export type KnowledgeService = {
  target: ServiceTarget;
  /** The service process's id now (tests stop it to prove rooms survive). */
  pid: () => number | undefined;
  close: () => Promise<void>;
};

export type ServiceEvents = {
  /** Called once, before the service first starts: hand the target down to the environment that it, and every job process, inherits. */
  handDown: (target: ServiceTarget) => void;
  /** The service listens (on `socket`, a path: no secret in it). */
  started: (pid: number, socket: string) => void;
  stopped: (detail: string) => void;
};

/** Starts the service (resolving once it listens) and keeps it running. */
export async function startKnowledgeService(events: ServiceEvents): Promise<KnowledgeService> {
  const { socketPath, remove } = privateSocketPath("knowledge.sock");
  const target = { socket: socketPath, secret: newSecret() };
  events.handDown(target);
  let child: ChildProcess | undefined;
  let closing = false;
  let failures = 0;

  const start = () =>
    new Promise<void>((resolve) => {
      const startedAt = Date.now();
      const service = fork(fileURLToPath(SERVICE), [], {
        // From the sources (the tests of the layer) it is TypeScript, run through tsx as the threads are.
        execArgv: SERVICE.pathname.endsWith(".ts") ? ["--import", "tsx"] : [],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      child = service;
      service.once("message", () => {
        events.started(service.pid!, target.socket);
        resolve();
      });
      let ended = false;
      // A process that could not start (no memory, no pids) ends in "error", maybe with no "exit": either ends it once.
      const stopped = (detail: string) => {
        if (ended) return;
        ended = true;
        resolve();
        if (closing) return;
        events.stopped(detail);
        failures = Date.now() - startedAt > HEALTHY_MS ? 0 : failures + 1;
        const pause = RESTART_PAUSE_MS[Math.min(failures, RESTART_PAUSE_MS.length) - 1] ?? 0;
        setTimeout(() => {
          if (!closing) void start();
        }, pause);
      };
      service.once("exit", (code, signal) => stopped(signal ? `signal ${signal}` : `exit code ${code}`));
      service.on("error", (error) => stopped(error.message));
    });

  await start();
  return {
    target,
    pid: () => child?.pid,
    close: async () => {
      closing = true;
      const service = child;
      if (service && service.exitCode === null && service.signalCode === null) {
        const exited = new Promise((resolve) => service.once("exit", resolve));
        service.kill("SIGTERM");
        await exited;
      }
      remove();
    },
  };
}
