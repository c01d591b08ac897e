/**
 * The guide's configuration, read from the environment and validated with
 * zod, as the app's is: the same LiveKit variables, the name the app
 * dispatches it by, and the same onboarding contexts, whose repo roots are
 * the only ones it will read. The only reader of `LIVEKIT_*`, `GUIDE_*` and
 * `ONBOARDING_*` in the agent; everything else is handed what it needs.
 *
 * The worker reads it at boot (and stops on a bad value, naming the
 * variable, never its value); each job process, forked with the worker's
 * environment, reads the part it needs the same way.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { readContextsConfig } from "@/contract/contexts-config";
import { AgentName, DEFAULT_GUIDE_NAME } from "@/contract/room-metadata";
import type { CodeViewBudget } from "./guide/guide-rpc";
import type { KnowledgeSettings, ServiceTarget } from "./knowledge";

/** A whole-number setting within bounds, each refusal naming the variable and its range (never the value). */
const wholeNumber = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number from ${min} to ${max}` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} can be at most ${max}`);

const GuideEnv = z.object({
  ONBOARDING_REPO_ROOT: z.string().trim().min(1).optional(),
  ONBOARDING_CONTEXTS: z.string().optional(),
  ONBOARDING_CONTEXTS_FILE: z.string().trim().min(1).optional(),
  GUIDE_CACHE_DIR: z.string().trim().min(1).optional(),
  GUIDE_PARSE_THREADS: wholeNumber("GUIDE_PARSE_THREADS", 1, 8).optional(),
  /** Code-view reads (onboarding.readFile, onboarding.listFiles) one participant may make per minute. */
  GUIDE_READ_BUDGET: wholeNumber("GUIDE_READ_BUDGET", 1, 10_000).default(240),
  /** The espeak-ng program, for deployments that keep it elsewhere. */
  GUIDE_ESPEAK: z.string().trim().min(1).default("espeak-ng"),
  /** The speech recognizer (Debian's pocketsphinx) and its English model, for deployments that keep them elsewhere. */
  GUIDE_POCKETSPHINX: z.string().trim().min(1).default("pocketsphinx_continuous"),
  GUIDE_SPEECH_MODEL: z.string().trim().min(1).default("/usr/share/pocketsphinx/model/en-us"),
  /** Set by the worker for its job processes (handDownMetrics): where to report, and the secret that proves they are its own. */
  GUIDE_METRICS_SOCKET: z.string().trim().min(1).optional(),
  GUIDE_METRICS_SECRET: z.string().trim().min(1).optional(),
  /** Set by the worker for its job processes (handDownKnowledgeService): its knowledge service's socket and secret. */
  GUIDE_KNOWLEDGE_SOCKET: z.string().trim().min(1).optional(),
  GUIDE_KNOWLEDGE_SECRET: z.string().trim().min(1).optional(),
  /** Indexes the knowledge service keeps in memory when no room uses them (those in use always stay). */
  GUIDE_KNOWLEDGE_MAX_INDEXES: wholeNumber("GUIDE_KNOWLEDGE_MAX_INDEXES", 1, 1000).default(8),
  /** How long a check that a held index is still the repository's revision holds, in seconds (0: every room checks). */
  GUIDE_KNOWLEDGE_RECHECK_SECONDS: z.coerce
    .number({ error: "GUIDE_KNOWLEDGE_RECHECK_SECONDS must be a number from 0 to 3600" })
    .min(0, "GUIDE_KNOWLEDGE_RECHECK_SECONDS must be at least 0")
    .max(3600, "GUIDE_KNOWLEDGE_RECHECK_SECONDS can be at most 3600")
    .default(30),
  XDG_CACHE_HOME: z.string().trim().min(1).optional(),
});

const WorkerEnv = GuideEnv.extend({
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
  /** The worker's Prometheus endpoint (GET /metrics); unset, none. */
  GUIDE_METRICS_PORT: z.coerce
    .number({ error: "GUIDE_METRICS_PORT must be a port number" })
    .int("GUIDE_METRICS_PORT must be a whole number")
    .min(0, "GUIDE_METRICS_PORT must be from 0 to 65535")
    .max(65_535, "GUIDE_METRICS_PORT must be from 0 to 65535")
    .optional(),
  GUIDE_METRICS_HOST: z.string().trim().min(1).default("127.0.0.1"),
});

/** What a room's job needs: which roots it may read, how to learn them, and how to speak. */
export type GuideConfig = {
  /** The repo roots of the deployment's contexts, resolved: a room naming any other is refused. */
  allowedRoots: readonly string[];
  knowledge: KnowledgeSettings;
  espeak: string;
  /** The speech recognizer's program and model folder (agent/guide/recognizer.ts). */
  hearing: { program: string; model: string };
  /** The code view's per-participant budget. */
  codeView: CodeViewBudget;
  /** The worker's metrics socket, when it has one (the job's metrics go there). */
  metrics?: { socket: string; secret: string };
  /** The worker's knowledge service, when it runs one (the job asks it instead of reading the repository itself). */
  knowledgeService?: ServiceTarget;
  /** The knowledge service's cap on indexes that no room uses, and how long a revision check holds. */
  heldIndexes: { maxIndexes: number; recheckMs: number };
};

export type WorkerConfig = GuideConfig & {
  url: string;
  apiKey: string;
  apiSecret: string;
  agentName: string;
  idleProcesses: number;
  logLevel: z.infer<typeof WorkerEnv>["LOG_LEVEL"];
  metricsPort?: number;
  metricsHost: string;
};

export class WorkerConfigError extends Error {
  override readonly name = "WorkerConfigError";
}

function parse<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new WorkerConfigError(`Invalid guide configuration: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  }
  return parsed.data;
}

function guideConfigOf(env: z.infer<typeof GuideEnv>): GuideConfig {
  // The worker's own name is not a context setting: it may be set beside ONBOARDING_CONTEXTS.
  const contexts = readContextsConfig(
    {
      ONBOARDING_CONTEXTS: env.ONBOARDING_CONTEXTS,
      ONBOARDING_CONTEXTS_FILE: env.ONBOARDING_CONTEXTS_FILE,
      ONBOARDING_REPO_ROOT: env.ONBOARDING_REPO_ROOT,
    },
    (file) => readFileSync(file, "utf8"),
    process.cwd(),
  );
  if (!contexts.ok) throw new WorkerConfigError(`Invalid guide configuration: ${contexts.problems.join("; ")}`);
  const allowedRoots = [...new Set(Object.values(contexts.file.contexts).map((context) => path.resolve(context.repoRoot)))];
  const cacheDir = env.GUIDE_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "onboarding-rooms", "guide");
  return {
    allowedRoots,
    knowledge: {
      cacheDir,
      ...(env.GUIDE_PARSE_THREADS !== undefined ? { parseThreads: env.GUIDE_PARSE_THREADS } : {}),
      hearing: { dictionary: path.join(env.GUIDE_SPEECH_MODEL, "cmudict-en-us.dict"), espeak: env.GUIDE_ESPEAK },
    },
    espeak: env.GUIDE_ESPEAK,
    hearing: { program: env.GUIDE_POCKETSPHINX, model: env.GUIDE_SPEECH_MODEL },
    codeView: { calls: env.GUIDE_READ_BUDGET, windowMs: 60_000 },
    ...(env.GUIDE_METRICS_SOCKET && env.GUIDE_METRICS_SECRET
      ? { metrics: { socket: env.GUIDE_METRICS_SOCKET, secret: env.GUIDE_METRICS_SECRET } }
      : {}),
    ...(env.GUIDE_KNOWLEDGE_SOCKET && env.GUIDE_KNOWLEDGE_SECRET
      ? { knowledgeService: { socket: env.GUIDE_KNOWLEDGE_SOCKET, secret: env.GUIDE_KNOWLEDGE_SECRET } }
      : {}),
    heldIndexes: { maxIndexes: env.GUIDE_KNOWLEDGE_MAX_INDEXES, recheckMs: env.GUIDE_KNOWLEDGE_RECHECK_SECONDS * 1000 },
  };
}

/**
 * Hands the worker's metrics socket and secret down to the job processes the
 * framework forks from now on (they inherit the environment).
 */
export function handDownMetrics(target: { socket: string; secret: string }): void {
  process.env.GUIDE_METRICS_SOCKET = target.socket;
  process.env.GUIDE_METRICS_SECRET = target.secret;
}

/**
 * The agents framework's event-loop monitor wakes every 20 ms, in the worker
 * and in every job process (a timer and a watchdog thread): measured, about
 * 1% of a core per idle room on two cores, more than anything else a silent
 * guide does. It is off unless the operator turns it on, with the framework's
 * own LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS (a stall threshold in ms). Job
 * processes inherit the setting.
 */
export function loopMonitorOffUnlessAsked(): void {
  process.env.LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS ??= "0";
}

/** Hands the knowledge service's socket and secret down to the job processes forked from now on. */
export function handDownKnowledgeService(target: ServiceTarget): void {
  process.env.GUIDE_KNOWLEDGE_SOCKET = target.socket;
  process.env.GUIDE_KNOWLEDGE_SECRET = target.secret;
}

/** A job process's (and the knowledge service's) part of the configuration. Throws WorkerConfigError. */
export function readGuideConfig(source: Record<string, string | undefined> = process.env): GuideConfig {
  return guideConfigOf(parse(GuideEnv, source));
}

/** The worker's configuration. Throws WorkerConfigError. */
export function readWorkerConfig(source: Record<string, string | undefined> = process.env): WorkerConfig {
  const env = parse(WorkerEnv, source);
  return {
    ...guideConfigOf(env),
    // The framework speaks WebSocket to the server; an http(s) URL is the same server.
    url: env.LIVEKIT_URL.replace(/^http(s?):/, "ws$1:"),
    apiKey: env.LIVEKIT_API_KEY,
    apiSecret: env.LIVEKIT_API_SECRET,
    agentName: env.ONBOARDING_AGENT_NAME,
    idleProcesses: env.GUIDE_IDLE_PROCESSES,
    logLevel: env.LOG_LEVEL,
    ...(env.GUIDE_METRICS_PORT !== undefined ? { metricsPort: env.GUIDE_METRICS_PORT } : {}),
    metricsHost: env.GUIDE_METRICS_HOST,
  };
}
