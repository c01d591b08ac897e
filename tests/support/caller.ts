/**
 * Building server-side callers for tests, each with an explicit configuration
 * (so one test can point at a stopped or paused server without touching others)
 * and an actor (anonymous unless a test names one: in open mode that is anyone).
 */
import { ANONYMOUS, type Actor } from "@/server/access/actor";
import { parseConfig, type AppConfig } from "@/server/env";
import { createCaller } from "@/server/routers/_app";
import { createTRPCContext } from "@/server/trpc";
import pino from "pino";

export type ServerRef = { url: string; apiKey: string; apiSecret: string };

export function configFor(server: ServerRef, extra: Record<string, string> = {}): AppConfig {
  return parseConfig({
    LIVEKIT_URL: server.url,
    LIVEKIT_API_KEY: server.apiKey,
    LIVEKIT_API_SECRET: server.apiSecret,
    // In-process callers are on this machine, as the app bound to loopback is.
    HOSTNAME: "127.0.0.1",
    LOG_LEVEL: "silent",
    // Callers built here have no client address; limits are tested on their own.
    RATE_LIMIT_JOINS: "0",
    RATE_LIMIT_RECALLS: "0",
    RATE_LIMIT_READS: "0",
    RATE_LIMIT_REFUSALS: "0",
    ...extra,
  });
}

const quiet = pino({ level: "silent" });

export function callerFor(config: AppConfig, actor: Actor = ANONYMOUS) {
  return createCaller(createTRPCContext({ headers: new Headers(), actor, config, log: quiet }));
}
