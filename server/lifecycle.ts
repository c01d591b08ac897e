/**
 * The process's lifecycle as a load balancer sees it: serving, then draining
 * from the first SIGTERM (or SIGINT) until it exits.
 *
 * Next's standalone server already stops accepting connections on those
 * signals and exits once the requests in flight are done. This adds what it
 * lacks: readiness turns 503 at once (so the balancer stops sending work even
 * on kept-alive connections), and the drain is bounded, so a stuck request
 * cannot hold a rolling deploy forever.
 *
 * The flag lives on globalThis: Next bundles instrumentation.ts and the route
 * handlers separately, so a module-level variable would exist twice.
 *
 * @see https://nextjs.org/docs/app/guides/self-hosting#manual-graceful-shutdowns
 */
import "server-only";
import type { Logger } from "./logger";

const DRAINING_SINCE = Symbol.for("onboarding-rooms.draining-since");
const state = globalThis as typeof globalThis & { [DRAINING_SINCE]?: number };

export function isDraining(): boolean {
  return state[DRAINING_SINCE] !== undefined;
}

export function beginDraining(): void {
  state[DRAINING_SINCE] ??= Date.now();
}

/** On the first SIGTERM or SIGINT: draining, and an exit after `drainSeconds` at the latest. */
export function drainOnShutdownSignals({ drainSeconds, log }: { drainSeconds: number; log: Logger }): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (isDraining()) return;
    beginDraining();
    log.info({ event: "shutdown", signal, drainSeconds }, "draining: readiness is 503, requests in flight may finish");
    setTimeout(() => {
      log.warn({ event: "shutdown", outcome: "drain-timeout", drainSeconds }, "requests still in flight after the drain bound; exiting");
      process.exit(1);
    }, drainSeconds * 1000).unref();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
