/**
 * Server configuration: the only module that reads process.env.
 *
 * Everything is validated with zod once, and every failure names the variable
 * but never echoes a value, so a typo in LIVEKIT_API_SECRET cannot end up in a
 * log. Callers get either a frozen AppConfig or a ConfigError.
 */
import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ContextsFile, contextsFromFile, singleContext, type OnboardingContexts } from "./onboarding/contexts";
import { AgentName, DEFAULT_GUIDE_NAME } from "@/contract/room-metadata";

const MAX_TOKEN_TTL_SECONDS = 60 * 60;

const seconds = (name: string, fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number of seconds` })
    .int(`${name} must be a whole number of seconds`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

const liveKitUrl = z
  .string({ error: "LIVEKIT_URL is required (for example ws://127.0.0.1:7880)" })
  .trim()
  .min(1, "LIVEKIT_URL is required (for example ws://127.0.0.1:7880)")
  .refine((value) => {
    try {
      return ["ws:", "wss:", "http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "must be a ws://, wss://, http:// or https:// URL");

function isHttpOrigin(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  LIVEKIT_URL: liveKitUrl,
  LIVEKIT_PUBLIC_URL: liveKitUrl.optional(),
  LIVEKIT_API_KEY: z.string({ error: "LIVEKIT_API_KEY is required" }).trim().min(1, "LIVEKIT_API_KEY is required"),
  // Only presence is checked: the value itself must never appear in a message.
  LIVEKIT_API_SECRET: z.string({ error: "LIVEKIT_API_SECRET is required" }).min(1, "LIVEKIT_API_SECRET is required"),
  LIVEKIT_REQUEST_TIMEOUT_MS: z.coerce
    .number({ error: "LIVEKIT_REQUEST_TIMEOUT_MS must be a number of milliseconds" })
    .int("LIVEKIT_REQUEST_TIMEOUT_MS must be a whole number of milliseconds")
    .min(100, "LIVEKIT_REQUEST_TIMEOUT_MS must be at least 100")
    .max(30_000, "LIVEKIT_REQUEST_TIMEOUT_MS must be at most 30000")
    .default(5_000),
  ONBOARDING_REPO_ROOT: z.string().trim().min(1).optional(),
  ONBOARDING_AGENT_NAME: z.optional(AgentName),
  ONBOARDING_CONTEXTS: z.string().optional(),
  ONBOARDING_CONTEXTS_FILE: z.string().trim().min(1).optional(),
  HEALTH_CHECK_INTERVAL_MS: z.coerce
    .number({ error: "HEALTH_CHECK_INTERVAL_MS must be a number of milliseconds" })
    .int("HEALTH_CHECK_INTERVAL_MS must be a whole number of milliseconds")
    .min(0, "HEALTH_CHECK_INTERVAL_MS must be at least 0")
    .max(60_000, "HEALTH_CHECK_INTERVAL_MS must be at most 60000")
    .default(3_000),
  TOKEN_TTL_SECONDS: seconds("TOKEN_TTL_SECONDS", 600, 60, MAX_TOKEN_TTL_SECONDS),
  ROOM_EMPTY_TIMEOUT_SECONDS: seconds("ROOM_EMPTY_TIMEOUT_SECONDS", 300, 10, 24 * 60 * 60),
  ROOM_ENSURE_CACHE_SECONDS: seconds("ROOM_ENSURE_CACHE_SECONDS", 10, 0, 60),
  RATE_LIMIT_JOINS: z.coerce
    .number({ error: "RATE_LIMIT_JOINS must be a whole number" })
    .int("RATE_LIMIT_JOINS must be a whole number")
    .min(0, "RATE_LIMIT_JOINS must be at least 0 (0 turns the limit off)")
    .max(1_000_000, "RATE_LIMIT_JOINS must be at most 1000000")
    .default(30),
  RATE_LIMIT_WINDOW_SECONDS: seconds("RATE_LIMIT_WINDOW_SECONDS", 60, 1, 24 * 60 * 60),
  REDIS_URL: z
    .string()
    .trim()
    .refine((value) => /^rediss?:\/\//.test(value), "REDIS_URL must be a redis:// or rediss:// URL")
    .optional(),
  APP_URL: z
    .string()
    .trim()
    .refine(isHttpOrigin, "APP_URL must be the app's public http:// or https:// base URL, for example https://onboarding.example.com")
    .optional(),
  ALLOWED_ORIGINS: z
    .string()
    .trim()
    .refine(
      (value) => value.split(",").every((entry) => entry.trim() === "" || isHttpOrigin(entry.trim())),
      "ALLOWED_ORIGINS must be a comma-separated list of http:// or https:// origins",
    )
    .optional(),
  // Next's standalone server binds to this address; only read to warn when the app looks exposed.
  HOSTNAME: z.string().trim().optional(),
  SHUTDOWN_DRAIN_SECONDS: z.coerce
    .number({ error: "SHUTDOWN_DRAIN_SECONDS must be a whole number of seconds" })
    .int("SHUTDOWN_DRAIN_SECONDS must be a whole number of seconds")
    .min(0, "SHUTDOWN_DRAIN_SECONDS must be at least 0")
    .max(300, "SHUTDOWN_DRAIN_SECONDS must be at most 300")
    .default(10),
  TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: "TRUSTED_PROXY_HOPS must be a whole number" })
    .int("TRUSTED_PROXY_HOPS must be a whole number")
    .min(0, "TRUSTED_PROXY_HOPS must be at least 0")
    .max(5, "TRUSTED_PROXY_HOPS must be at most 5")
    .default(0),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
});

export type AppConfig = Readonly<{
  livekit: Readonly<{
    /** Where this server sends RoomService calls (http/https). */
    apiUrl: string;
    /** What browsers and other clients connect to (ws/wss). */
    publicUrl: string;
    apiKey: string;
    apiSecret: string;
    requestTimeoutMs: number;
  }>;
  onboarding: OnboardingContexts;
  /** How long a readiness result is reused before LiveKit is asked again. */
  healthCheckIntervalMs: number;
  rateLimit: Readonly<{
    /** Joins allowed per client address per window; 0 turns the limit off. */
    joins: number;
    windowSeconds: number;
    /** Shared store for several instances; in memory when absent. */
    redisUrl: string | undefined;
  }>;
  /** How many proxies in front of the app append to X-Forwarded-For (see server/http/client-address.ts). */
  trustedProxyHops: number;
  http: Readonly<{
    /** The app's own origin (from APP_URL); undefined when unset (loopback use). */
    appOrigin: string | undefined;
    /** Other origins whose pages may call the state-changing endpoints. */
    allowedOrigins: readonly string[];
    /** The address the server binds to, if known (HOSTNAME). */
    bindHost: string | undefined;
  }>;
  /** How long a SIGTERM waits for requests in flight before the process exits. */
  shutdownDrainSeconds: number;
  tokenTtlSeconds: number;
  roomEmptyTimeoutSeconds: number;
  /** How long a room ensured by this instance is trusted to exist without asking LiveKit again. */
  roomEnsureCacheSeconds: number;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
}>;

/** A configuration problem. Its message names variables, never values. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`Invalid server configuration: ${problems.join("; ")}`);
  }
}

const toHttp = (url: string) => url.replace(/^ws(s?):/, "http$1:");
const toWs = (url: string) => url.replace(/^http(s?):/, "ws$1:");

/** Parses an environment (process.env by default) into an AppConfig, or throws ConfigError. */
export function parseConfig(source: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  // Empty strings mean "unset": shells and .env files produce them for cleared variables.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? "environment");
        return issue.message.startsWith(variable) ? issue.message : `${variable} ${issue.message}`;
      }),
    );
  }
  const env = result.data;
  return Object.freeze({
    livekit: Object.freeze({
      apiUrl: toHttp(env.LIVEKIT_URL),
      publicUrl: toWs(env.LIVEKIT_PUBLIC_URL ?? env.LIVEKIT_URL),
      apiKey: env.LIVEKIT_API_KEY,
      apiSecret: env.LIVEKIT_API_SECRET,
      requestTimeoutMs: env.LIVEKIT_REQUEST_TIMEOUT_MS,
    }),
    onboarding: loadContexts(env),
    healthCheckIntervalMs: env.HEALTH_CHECK_INTERVAL_MS,
    rateLimit: Object.freeze({ joins: env.RATE_LIMIT_JOINS, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS, redisUrl: env.REDIS_URL }),
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    http: Object.freeze({
      appOrigin: env.APP_URL ? new URL(env.APP_URL).origin : undefined,
      allowedOrigins: Object.freeze(
        (env.ALLOWED_ORIGINS ?? "")
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean)
          .map((entry) => new URL(entry).origin),
      ),
      bindHost: env.HOSTNAME || undefined,
    }),
    shutdownDrainSeconds: env.SHUTDOWN_DRAIN_SECONDS,
    tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
    roomEmptyTimeoutSeconds: env.ROOM_EMPTY_TIMEOUT_SECONDS,
    roomEnsureCacheSeconds: env.ROOM_ENSURE_CACHE_SECONDS,
    logLevel: env.LOG_LEVEL,
  });
}

type Env = z.infer<typeof EnvSchema>;

/**
 * The contexts come from one place: ONBOARDING_CONTEXTS_FILE (a JSON file),
 * ONBOARDING_CONTEXTS (the same JSON inline), or else ONBOARDING_REPO_ROOT as
 * the single default context. Mixing them is refused rather than guessed at.
 */
function loadContexts(env: Env): OnboardingContexts {
  const sources = [env.ONBOARDING_CONTEXTS_FILE && "ONBOARDING_CONTEXTS_FILE", env.ONBOARDING_CONTEXTS && "ONBOARDING_CONTEXTS"].filter(
    Boolean,
  );
  // The single context onboards people onto this very project unless told otherwise, with the guide.
  if (sources.length === 0)
    return singleContext(env.ONBOARDING_REPO_ROOT ?? process.cwd(), env.ONBOARDING_AGENT_NAME ?? DEFAULT_GUIDE_NAME);
  const variable = sources[0] as "ONBOARDING_CONTEXTS_FILE" | "ONBOARDING_CONTEXTS";
  const conflicting = [
    ...sources.slice(1),
    env.ONBOARDING_REPO_ROOT && "ONBOARDING_REPO_ROOT",
    env.ONBOARDING_AGENT_NAME && "ONBOARDING_AGENT_NAME",
  ].filter(Boolean);
  if (conflicting.length > 0) {
    throw new ConfigError([`${variable} cannot be combined with ${conflicting.join(", ")}: name the contexts in one place`]);
  }
  let text: string;
  if (variable === "ONBOARDING_CONTEXTS_FILE") {
    try {
      text = readFileSync(env.ONBOARDING_CONTEXTS_FILE!, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new ConfigError([`ONBOARDING_CONTEXTS_FILE cannot be read (${code})`]);
    }
  } else {
    text = env.ONBOARDING_CONTEXTS!;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError([`${variable} is not valid JSON`]);
  }
  const parsed = ContextsFile.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${variable}: ${issue.path.join(".") || "(top level)"} ${issue.message}`));
  }
  return contextsFromFile(parsed.data);
}

let cached: AppConfig | undefined;

/** The process-wide configuration, parsed on first use. Throws ConfigError. */
export function getConfig(): AppConfig {
  cached ??= parseConfig();
  return cached;
}

/**
 * The log level on its own, tolerant of a bad value: the logger must come up
 * even when the rest of the configuration is broken, to report that.
 */
export function logLevelFromEnv(source: Readonly<Record<string, string | undefined>> = process.env): AppConfig["logLevel"] {
  const parsed = EnvSchema.shape.LOG_LEVEL.safeParse(source.LOG_LEVEL || undefined);
  return parsed.success ? parsed.data : "info";
}
