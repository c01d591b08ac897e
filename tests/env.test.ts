/** The configuration module: defaults, bounds, and messages that name variables but never values. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/server/env";

const SECRET = "a-very-secret-value-that-must-never-be-printed";
// On loopback, as an app without sign-in must be (access-config.test.ts).
const valid = { LIVEKIT_URL: "wss://livekit.example.test", LIVEKIT_API_KEY: "key", LIVEKIT_API_SECRET: SECRET, HOSTNAME: "127.0.0.1" };

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const config = parseConfig(valid);
    expect(config.tokenTtlSeconds).toBe(600);
    expect(config.livekit.requestTimeoutMs).toBe(5_000);
    expect(config.onboarding).toEqual({
      defaultId: "default",
      list: [{ id: "default", title: "Onboarding", repoRoot: process.cwd(), agentName: "onboarding-guide" }],
    });
    expect(config.healthCheckIntervalMs).toBe(3_000);
    expect(config.rateLimit).toMatchObject({ budgets: { join: 30, recall: 10, read: 120, refused: 60 }, windowSeconds: 60 });
    expect(config.livekit.apiUrl).toBe("https://livekit.example.test");
    expect(config.livekit.publicUrl).toBe("wss://livekit.example.test");
  });

  it("lets a public URL differ from the one the server calls", () => {
    const config = parseConfig({ ...valid, LIVEKIT_URL: "http://livekit.internal:7880", LIVEKIT_PUBLIC_URL: "wss://rtc.example.test" });
    expect(config.livekit.apiUrl).toBe("http://livekit.internal:7880");
    expect(config.livekit.publicUrl).toBe("wss://rtc.example.test");
  });

  it.each([
    [{ LIVEKIT_API_SECRET: "" }, "LIVEKIT_API_SECRET is required"],
    [{ LIVEKIT_API_KEY: "" }, "LIVEKIT_API_KEY is required"],
    [{ LIVEKIT_URL: "" }, "LIVEKIT_URL is required"],
    [{ LIVEKIT_URL: "ftp://nope" }, "LIVEKIT_URL must be a ws://"],
    [{ TOKEN_TTL_SECONDS: "3601" }, "TOKEN_TTL_SECONDS must be at most 3600"],
    [{ TOKEN_TTL_SECONDS: "ten" }, "TOKEN_TTL_SECONDS must be a whole number"],
    [{ ROOM_EMPTY_TIMEOUT_SECONDS: "-1" }, "ROOM_EMPTY_TIMEOUT_SECONDS must be at least"],
    [{ LIVEKIT_REQUEST_TIMEOUT_MS: "60000" }, "LIVEKIT_REQUEST_TIMEOUT_MS must be at most 30000"],
  ])("names the variable for %o", (override, expected) => {
    const error = problemsOf({ ...valid, ...override });
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain(SECRET);
  });

  it("never echoes the secret, whatever else is wrong", () => {
    const error = problemsOf({ LIVEKIT_API_SECRET: SECRET, LIVEKIT_URL: SECRET, TOKEN_TTL_SECONDS: SECRET });
    expect(error.problems.length).toBeGreaterThanOrEqual(3);
    expect(error.message).not.toContain(SECRET);
  });
});

describe("onboarding contexts", () => {
  const contexts = {
    default: "web",
    contexts: {
      web: { title: "Web app", repoRoot: "/srv/repos/web", agentName: "onboarding-guide" },
      infra: { title: "Infrastructure", repoRoot: "/srv/repos/infra" },
    },
  };

  it("keeps ONBOARDING_REPO_ROOT (and an optional agent) as the single default context", () => {
    const config = parseConfig({ ...valid, ONBOARDING_REPO_ROOT: "/srv/repos/acme", ONBOARDING_AGENT_NAME: "guide" });
    expect(config.onboarding).toEqual({
      defaultId: "default",
      list: [{ id: "default", title: "Onboarding", repoRoot: "/srv/repos/acme", agentName: "guide" }],
    });
  });

  it("reads contexts inline, in the order given, with the named default", () => {
    const config = parseConfig({ ...valid, ONBOARDING_CONTEXTS: JSON.stringify(contexts) });
    expect(config.onboarding.defaultId).toBe("web");
    expect(config.onboarding.list).toEqual([
      { id: "web", title: "Web app", repoRoot: "/srv/repos/web", agentName: "onboarding-guide" },
      { id: "infra", title: "Infrastructure", repoRoot: "/srv/repos/infra" },
    ]);
  });

  it("reads the same JSON from ONBOARDING_CONTEXTS_FILE", () => {
    const file = join(mkdtempSync(join(tmpdir(), "contexts-")), "contexts.json");
    writeFileSync(file, JSON.stringify(contexts));
    expect(parseConfig({ ...valid, ONBOARDING_CONTEXTS_FILE: file }).onboarding.defaultId).toBe("web");
    expect(problemsOf({ ...valid, ONBOARDING_CONTEXTS_FILE: `${file}.missing` }).message).toContain(
      "ONBOARDING_CONTEXTS_FILE cannot be read (ENOENT)",
    );
  });

  it.each([
    ["{not json", "ONBOARDING_CONTEXTS is not valid JSON"],
    [JSON.stringify({ contexts: {} }), "name at least one context"],
    [JSON.stringify({ contexts: { a: contexts.contexts.web, b: contexts.contexts.infra } }), "default is required"],
    [JSON.stringify({ default: "nope", contexts: { web: contexts.contexts.web } }), 'default names "nope"'],
    [JSON.stringify({ contexts: { "Bad Id": contexts.contexts.web } }), "Context ids are"],
    [JSON.stringify({ contexts: { web: { title: "T" } } }), "contexts.web.repoRoot"],
    [JSON.stringify({ contexts: { web: { ...contexts.contexts.web, agentName: "has space" } } }), "Agent names are"],
    [JSON.stringify({ contexts: { web: { ...contexts.contexts.web, extra: 1 } } }), "extra"],
  ])("refuses a bad contexts document %s", (document, expected) => {
    expect(problemsOf({ ...valid, ONBOARDING_CONTEXTS: document }).message).toContain(expected);
  });

  it("refuses contexts named in two places rather than guessing", () => {
    const error = problemsOf({ ...valid, ONBOARDING_CONTEXTS: JSON.stringify(contexts), ONBOARDING_REPO_ROOT: "/srv/x" });
    expect(error.message).toContain("ONBOARDING_CONTEXTS cannot be combined with ONBOARDING_REPO_ROOT");
  });
});
