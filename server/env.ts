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
import { readContextsConfig } from "@/contract/contexts-config";
import { contextsFromFile, type OnboardingContexts } from "./onboarding/contexts";
import { AgentName } from "@/contract/room-metadata";
import { isLoopbackHostname } from "./http/loopback";
import type { Budget } from "./rate-limit";

const MAX_TOKEN_TTL_SECONDS = 60 * 60;

const seconds = (name: string, fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number of seconds` })
    .int(`${name} must be a whole number of seconds`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

/** Calls per window for one caller; 0 turns that limit off. */
const budget = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be at least 0 (0 turns the limit off)`)
    .max(1_000_000, `${name} must be at most 1000000`)
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

const EMAIL_DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SERVICE_TOKEN_ENTRY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}:[0-9a-f]{64}$/i;

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

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
  GUIDE_RECONCILE_SECONDS: seconds("GUIDE_RECONCILE_SECONDS", 5, 0, 600),
  RATE_LIMIT_JOINS: budget("RATE_LIMIT_JOINS", 30),
  RATE_LIMIT_RECALLS: budget("RATE_LIMIT_RECALLS", 10),
  RATE_LIMIT_READS: budget("RATE_LIMIT_READS", 120),
  RATE_LIMIT_REFUSALS: budget("RATE_LIMIT_REFUSALS", 60),
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
  AUTH_OIDC_ISSUER: z
    .string()
    .trim()
    .refine((value) => {
      try {
        return new URL(value).protocol === "https:";
      } catch {
        return false;
      }
    }, "AUTH_OIDC_ISSUER must be the provider's https:// issuer URL (OpenID Connect clients refuse plain http)")
    .optional(),
  AUTH_OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  // Only presence is checked, as for LIVEKIT_API_SECRET.
  AUTH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters (openssl rand -base64 32 makes one)").optional(),
  AUTH_ALLOWED_EMAIL_DOMAINS: z
    .string()
    .trim()
    .refine(
      (value) => splitList(value).every((domain) => EMAIL_DOMAIN.test(domain)),
      "AUTH_ALLOWED_EMAIL_DOMAINS must be a comma-separated list of email domains, for example example.com,example.org",
    )
    .optional(),
  INVITE_TTL_SECONDS: seconds("INVITE_TTL_SECONDS", 24 * 60 * 60, 60, 7 * 24 * 60 * 60),
  ONBOARDING_SERVICE_TOKENS: z
    .string()
    .trim()
    .refine(
      (value) => splitList(value).every((entry) => SERVICE_TOKEN_ENTRY.test(entry)),
      "ONBOARDING_SERVICE_TOKENS must be a comma-separated list of name:sha256-hex entries (npm run service-token makes one)",
    )
    .optional(),
  ACCESS_MODE: z.enum(["open"], { error: "ACCESS_MODE can only be set to open (see docs/access.md: it is unsafe)" }).optional(),
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
    /**
     * Calls allowed per caller per window (see server/rate-limit.ts); 0 turns one off.
     * `refused` counts the calls the access policy refused, per client address.
     */
    budgets: Readonly<Record<Budget, number>>;
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
    /** Why clients beyond this machine can reach the app (a public APP_URL, a wide bind), if they can. */
    exposure: string | undefined;
  }>;
  access: AccessConfig;
  /** How long a SIGTERM waits for requests in flight before the process exits. */
  shutdownDrainSeconds: number;
  tokenTtlSeconds: number;
  roomEmptyTimeoutSeconds: number;
  /** How long a room ensured by this instance is trusted to exist without asking LiveKit again. */
  roomEnsureCacheSeconds: number;
  /** How often rooms still waiting for their guide are looked at (server/livekit/guide-reconciler.ts); 0, never. */
  guideReconcileSeconds: number;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
}>;

/** A service credential: a name for the logs, and the SHA-256 of the token (the token itself is never stored). */
export type ServiceToken = Readonly<{ name: string; sha256: Buffer }>;

/** Members sign in with OpenID Connect; guests carry invites signed with the auth secret. */
export type MembersAccess = Readonly<{
  mode: "members";
  oidc: Readonly<{ issuer: string; clientId: string; clientSecret: string }>;
  /** AUTH_SECRET: the root of the session cookie's and the invites' keys (see server/access/keys.ts). */
  secret: string;
  /** The app's public base URL (APP_URL, no trailing slash): the callback and the invites' issuer. */
  appUrl: string;
  /** Verified emails at these domains (lowercase, exact) belong to members. */
  allowedEmailDomains: readonly string[];
  inviteTtlSeconds: number;
  /** Secure cookies (and the __Host- prefix) when APP_URL is https. */
  secureCookies: boolean;
  serviceTokens: readonly ServiceToken[];
}>;

/**
 * Who may start and join sessions. "open" is anyone who can reach the app:
 * loopback only, unless ACCESS_MODE=open says otherwise (`declared`).
 */
export type AccessConfig = MembersAccess | Readonly<{ mode: "open"; declared: boolean; serviceTokens: readonly ServiceToken[] }>;

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
    rateLimit: Object.freeze({
      budgets: Object.freeze({
        join: env.RATE_LIMIT_JOINS,
        recall: env.RATE_LIMIT_RECALLS,
        read: env.RATE_LIMIT_READS,
        refused: env.RATE_LIMIT_REFUSALS,
      }),
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      redisUrl: env.REDIS_URL,
    }),
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
      exposure: exposedBy(env),
    }),
    access: accessFrom(env),
    shutdownDrainSeconds: env.SHUTDOWN_DRAIN_SECONDS,
    tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
    roomEmptyTimeoutSeconds: env.ROOM_EMPTY_TIMEOUT_SECONDS,
    roomEnsureCacheSeconds: env.ROOM_ENSURE_CACHE_SECONDS,
    guideReconcileSeconds: env.GUIDE_RECONCILE_SECONDS,
    logLevel: env.LOG_LEVEL,
  });
}

type Env = z.infer<typeof EnvSchema>;

/**
 * Sign-in is all or nothing: a partial OIDC configuration is refused rather
 * than quietly running open. Without it, a server that anyone else could
 * reach (a public APP_URL, or bound beyond loopback), in development as in
 * production, refuses to boot unless ACCESS_MODE=open says that is meant.
 */
function accessFrom(env: Env): AccessConfig {
  const serviceTokens = Object.freeze(
    splitList(env.ONBOARDING_SERVICE_TOKENS ?? "").map((entry) => {
      const [name, hash] = entry.split(":") as [string, string];
      return Object.freeze({ name, sha256: Buffer.from(hash, "hex") });
    }),
  );
  const oidcVariables = ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET"] as const;
  if (oidcVariables.some((name) => env[name] !== undefined)) {
    const required = [...oidcVariables, "AUTH_SECRET", "APP_URL", "AUTH_ALLOWED_EMAIL_DOMAINS"] as const;
    const missing = required.filter((name) => env[name] === undefined);
    if (missing.length > 0) {
      throw new ConfigError([`sign-in with OpenID Connect also needs ${missing.join(", ")} (see docs/access.md)`]);
    }
    if (env.ACCESS_MODE === "open") throw new ConfigError(["ACCESS_MODE=open cannot be combined with AUTH_OIDC_*: choose one"]);
    const appUrl = env.APP_URL!.replace(/\/+$/, "");
    return Object.freeze({
      mode: "members",
      oidc: Object.freeze({
        issuer: env.AUTH_OIDC_ISSUER!,
        clientId: env.AUTH_OIDC_CLIENT_ID!,
        clientSecret: env.AUTH_OIDC_CLIENT_SECRET!,
      }),
      secret: env.AUTH_SECRET!,
      appUrl,
      allowedEmailDomains: Object.freeze(splitList(env.AUTH_ALLOWED_EMAIL_DOMAINS!).map((domain) => domain.toLowerCase())),
      inviteTtlSeconds: env.INVITE_TTL_SECONDS,
      secureCookies: new URL(appUrl).protocol === "https:",
      serviceTokens,
    });
  }
  const declared = env.ACCESS_MODE === "open";
  const exposure = exposedBy(env);
  if (!declared && exposure) {
    throw new ConfigError([
      `sign-in is not configured and ${exposure}, so anyone who can reach it could start sessions and read the repository through the guide. ` +
        "Set AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET, AUTH_SECRET and AUTH_ALLOWED_EMAIL_DOMAINS (docs/access.md), " +
        "or ACCESS_MODE=open if that is really meant (unsafe)",
    ]);
  }
  return Object.freeze({ mode: "open", declared, serviceTokens });
}

/**
 * Why this server can be reached from beyond this machine, if it can. Next's
 * servers (standalone and `next dev` alike) listen on every interface when
 * not told otherwise, and HOSTNAME is what npm start, npm run dev and the
 * standalone server read.
 */
function exposedBy(env: Pick<Env, "APP_URL" | "HOSTNAME">): string | undefined {
  if (env.APP_URL && !isLoopbackHostname(new URL(env.APP_URL).hostname)) return `APP_URL is ${new URL(env.APP_URL).origin}`;
  if (env.HOSTNAME && !isLoopbackHostname(env.HOSTNAME)) return `it listens on ${env.HOSTNAME}`;
  if (!env.HOSTNAME) return "it listens on every interface (HOSTNAME is unset; set HOSTNAME=127.0.0.1 to keep it on this machine)";
  return undefined;
}

/** The contexts, read the same way as the guide worker reads them (contract/contexts-config.ts). */
function loadContexts(env: Env): OnboardingContexts {
  const config = readContextsConfig(env, (file) => readFileSync(file, "utf8"), process.cwd());
  if (!config.ok) throw new ConfigError(config.problems);
  return contextsFromFile(config.file);
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
