/** The configuration module: defaults, bounds, and messages that name variables but never values. */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/server/env";

const SECRET = "a-very-secret-value-that-must-never-be-printed";
const valid = { LIVEKIT_URL: "wss://livekit.example.test", LIVEKIT_API_KEY: "key", LIVEKIT_API_SECRET: SECRET };

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
    expect(config.onboarding.repoRoot).toBe(process.cwd());
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
