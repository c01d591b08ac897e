/**
 * The guide worker's configuration, read once from the environment and
 * validated with zod, as the app's is: the same LiveKit variables, and the
 * name the app dispatches it by. Messages name variables, never values.
 */
import { z } from "zod";
import { AgentName, DEFAULT_GUIDE_NAME } from "@/contract/room-metadata";

const Env = z.object({
  LIVEKIT_URL: z
    .string({ error: "LIVEKIT_URL is required (for example ws://127.0.0.1:7880)" })
    .trim()
    .refine((value) => /^(wss?|https?):\/\//.test(value), "LIVEKIT_URL must be a ws://, wss://, http:// or https:// URL"),
  LIVEKIT_API_KEY: z.string({ error: "LIVEKIT_API_KEY is required" }).trim().min(1, "LIVEKIT_API_KEY is required"),
  LIVEKIT_API_SECRET: z.string({ error: "LIVEKIT_API_SECRET is required" }).min(1, "LIVEKIT_API_SECRET is required"),
  ONBOARDING_AGENT_NAME: z.optional(AgentName).default(DEFAULT_GUIDE_NAME),
  /** Job processes kept started and waiting, so a room's guide joins at once (each costs about 150 MB). */
  GUIDE_IDLE_PROCESSES: z.coerce.number().int().min(0).max(8).default(1),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
});

export type WorkerConfig = {
  url: string;
  apiKey: string;
  apiSecret: string;
  agentName: string;
  idleProcesses: number;
  logLevel: z.infer<typeof Env>["LOG_LEVEL"];
};

export class WorkerConfigError extends Error {
  override readonly name = "WorkerConfigError";
}

export function readWorkerConfig(source: Record<string, string | undefined> = process.env): WorkerConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    throw new WorkerConfigError(`Invalid guide configuration: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  }
  const env = parsed.data;
  return {
    // The framework speaks WebSocket to the server; an http(s) URL is the same server.
    url: env.LIVEKIT_URL.replace(/^http(s?):/, "ws$1:"),
    apiKey: env.LIVEKIT_API_KEY,
    apiSecret: env.LIVEKIT_API_SECRET,
    agentName: env.ONBOARDING_AGENT_NAME,
    idleProcesses: env.GUIDE_IDLE_PROCESSES,
    logLevel: env.LOG_LEVEL,
  };
}
