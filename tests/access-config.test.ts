/**
 * Access configuration: sign-in is all or nothing, open mode is loopback
 * unless declared, and a server anyone could reach refuses to boot without
 * sign-in, whatever its NODE_ENV (proven on the real production server, not
 * only the parser).
 */
import { createHash } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { liveKitEnv, startApp } from "../scripts/lib/app-process";
import { isMember } from "@/server/access/policy";
import { matchServiceToken } from "@/server/access/service-tokens";
import { ConfigError, type MembersAccess, parseConfig } from "@/server/env";

const livekit = { LIVEKIT_URL: "ws://127.0.0.1:7880", LIVEKIT_API_KEY: "key", LIVEKIT_API_SECRET: "secret" };
const CLIENT_SECRET = "client-secret-that-must-never-be-printed";
const AUTH_SECRET = "an-auth-secret-of-at-least-thirty-two-characters";
const oidc = {
  AUTH_OIDC_ISSUER: "https://id.example.com",
  AUTH_OIDC_CLIENT_ID: "onboarding",
  AUTH_OIDC_CLIENT_SECRET: CLIENT_SECRET,
  AUTH_SECRET,
  AUTH_ALLOWED_EMAIL_DOMAINS: "Example.com, example.org",
  APP_URL: "https://onboarding.example.com/",
};

function problems(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("access configuration", () => {
  it("is members-only with the OIDC variables, with the documented defaults", () => {
    const { access } = parseConfig({ ...livekit, ...oidc });
    expect(access).toMatchObject({
      mode: "members",
      appUrl: "https://onboarding.example.com",
      allowedEmailDomains: ["example.com", "example.org"],
      inviteTtlSeconds: 86_400,
      secureCookies: true,
    });
  });

  it("refuses a partial sign-in configuration, naming what is missing and never a value", () => {
    const message = problems({ ...livekit, AUTH_OIDC_ISSUER: oidc.AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_SECRET: CLIENT_SECRET });
    expect(message).toContain("AUTH_OIDC_CLIENT_ID, AUTH_SECRET, APP_URL, AUTH_ALLOWED_EMAIL_DOMAINS");
    expect(message).not.toContain(CLIENT_SECRET);
  });

  it.each([
    [{ AUTH_SECRET: "too-short" }, "AUTH_SECRET must be at least 32 characters"],
    [{ AUTH_OIDC_ISSUER: "http://id.example.com" }, "AUTH_OIDC_ISSUER must be the provider's https:// issuer URL"],
    [{ AUTH_ALLOWED_EMAIL_DOMAINS: "example.com, not a domain" }, "AUTH_ALLOWED_EMAIL_DOMAINS must be a comma-separated list"],
    [{ INVITE_TTL_SECONDS: String(8 * 24 * 3600) }, "INVITE_TTL_SECONDS must be at most 604800"],
    [{ ACCESS_MODE: "open" }, "ACCESS_MODE=open cannot be combined with AUTH_OIDC_*"],
    [{ ONBOARDING_SERVICE_TOKENS: "ci:not-a-hash" }, "ONBOARDING_SERVICE_TOKENS must be a comma-separated list of name:sha256-hex"],
  ])("refuses %o", (change, expected) => {
    const message = problems({ ...livekit, ...oidc, ...change });
    expect(message).toContain(expected);
    expect(message).not.toContain(AUTH_SECRET);
  });

  it("runs open on loopback without sign-in, and refuses a server others can reach, in any NODE_ENV, unless open mode is declared", () => {
    for (const loopback of ["127.0.0.1", "localhost", "::1", "app.localhost"]) {
      expect(parseConfig({ ...livekit, HOSTNAME: loopback, APP_URL: "http://localhost:3000" }).access).toMatchObject({
        mode: "open",
        declared: false,
      });
    }
    const exposures: Record<string, string>[] = [
      { APP_URL: "https://onboarding.example.com", HOSTNAME: "127.0.0.1" },
      { HOSTNAME: "0.0.0.0" },
      { HOSTNAME: "::" },
      { HOSTNAME: "192.168.1.20" },
      // Next's servers, `next dev` too, listen on every interface when not told otherwise.
      {},
    ];
    for (const nodeEnv of ["production", "development", "test"]) {
      for (const exposed of exposures) {
        expect(problems({ ...livekit, NODE_ENV: nodeEnv, ...exposed })).toContain("sign-in is not configured");
        expect(parseConfig({ ...livekit, NODE_ENV: nodeEnv, ACCESS_MODE: "open", ...exposed }).access).toMatchObject({
          mode: "open",
          declared: true,
        });
      }
    }
  });
});

describe("membership", () => {
  const access = parseConfig({ ...livekit, ...oidc }).access as MembersAccess;
  const person = (email: string, emailVerified = true) => ({ sub: "s", name: "N", email, emailVerified });

  it("is a verified email with exactly one @, a name before it, and an allowed domain after it", () => {
    expect(isMember(access, person("ada@example.com"))).toBe(true);
    expect(isMember(access, person("ada@EXAMPLE.org"))).toBe(true);
    for (const email of ["example.com", "@example.com", "ada@evil.org@example.com", "ada@sub.example.com", "ada@example.com.evil.org"]) {
      expect(isMember(access, person(email)), email).toBe(false);
    }
    expect(isMember(access, person("ada@example.com", false))).toBe(false);
  });
});

describe("service tokens", () => {
  it("match by their SHA-256 only, naming the service", () => {
    const digest = (token: string) => createHash("sha256").update(token).digest("hex");
    const { access } = parseConfig({
      ...livekit,
      HOSTNAME: "127.0.0.1",
      ONBOARDING_SERVICE_TOKENS: `ci:${digest("token-one")}, bench:${digest("token-two")}`,
    });
    expect(matchServiceToken(access.serviceTokens, "token-two")).toBe("bench");
    expect(matchServiceToken(access.serviceTokens, "token-one")).toBe("ci");
    expect(matchServiceToken(access.serviceTokens, "token-three")).toBeUndefined();
    expect(matchServiceToken(access.serviceTokens, digest("token-one"))).toBeUndefined();
  });
});

describe("the production server", () => {
  const server = inject("livekit");

  it("refuses to boot at a public address without sign-in, saying why and what to set", async () => {
    const refused = startApp({ ...liveKitEnv(server), APP_URL: "https://onboarding.example.com" });
    await expect(refused).rejects.toThrow(
      /exited with code 1[\s\S]*sign-in is not configured and APP_URL is https:\/\/onboarding\.example\.com/,
    );
  });

  it("says so when it runs open: on loopback, and louder when declared at a public address", async () => {
    const loopback = await startApp(liveKitEnv(server));
    const declared = await startApp({ ...liveKitEnv(server), APP_URL: "https://onboarding.example.com", ACCESS_MODE: "open" });
    try {
      await expect.poll(() => loopback.output()).toContain("open mode: no sign-in is configured, so this app serves loopback only");
      await expect
        .poll(() => declared.output())
        .toContain("open mode and APP_URL is https://onboarding.example.com: anyone who can reach this app");
      const page = await (await fetch(`${loopback.url}/`)).text();
      expect(page).toContain("Open mode.");
    } finally {
      await Promise.all([loopback.stop(), declared.stop()]);
    }
  });
});
