/**
 * Vitest global setup: one real livekit-server on free loopback ports and the
 * built app (`next start`) pointed at it, shared by every integration test;
 * and the guide built from its current sources, for the tests that start it.
 */
import type { TestProject } from "vitest/node";
import { buildAgent } from "../../scripts/lib/agent-build";
import { liveKitEnv, startApp } from "../../scripts/lib/app-process";
import { startLiveKitServer } from "../../scripts/lib/livekit-process";
import { newServiceCredential } from "../../scripts/lib/service-credential";

declare module "vitest" {
  export interface ProvidedContext {
    livekit: { url: string; httpUrl: string; port: number; apiKey: string; apiSecret: string };
    appUrl: string;
    /** A service token the shared app knows: what readiness details, among others, ask for. */
    serviceToken: string;
    repoRoot: string;
  }
}

export default async function setup(project: TestProject) {
  await buildAgent();
  // startLiveKitServer picks a fresh random secret: the leak checks look for a value nobody could guess.
  const livekit = await startLiveKitServer();
  const repoRoot = "/srv/repos/onboarding-fixture";
  const service = newServiceCredential("tests");
  const app = await startApp({
    ...liveKitEnv(livekit),
    ONBOARDING_SERVICE_TOKENS: service.entry,
    RATE_LIMIT_JOINS: "100000",
    RATE_LIMIT_RECALLS: "100000",
    RATE_LIMIT_READS: "100000",
    ONBOARDING_REPO_ROOT: repoRoot,
    LOG_LEVEL: "info",
  }).catch(async (error: unknown) => {
    await livekit.stop();
    throw error;
  });
  project.provide("livekit", {
    url: livekit.url,
    httpUrl: livekit.httpUrl,
    port: livekit.port,
    apiKey: livekit.apiKey,
    apiSecret: livekit.apiSecret,
  });
  project.provide("appUrl", app.url);
  project.provide("serviceToken", service.token);
  project.provide("repoRoot", repoRoot);
  return async () => {
    await app.stop();
    await livekit.stop();
  };
}
