/**
 * Playwright global setup: a real livekit-server, the built app and a real
 * guide worker on free loopback ports. Their addresses reach the tests
 * through the environment, which Playwright's workers inherit.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildAgent } from "../../scripts/lib/agent-build";
import { liveKitEnv, startApp } from "../../scripts/lib/app-process";
import { guideWorkerEnv, startGuideWorker } from "../../scripts/lib/guide-process";
import { startLiveKitServer } from "../../scripts/lib/livekit-process";

export const E2E_REPO_ROOT = "/srv/repos/e2e-onboarding";
export const E2E_AGENT = "platform-guide";
/** The guide that does run: it knows the fleet-tracker fixture. */
const E2E_GUIDE = "e2e-guide";
const E2E_GUIDED_REPO_ROOT = path.resolve("tests/fixtures/fleet-tracker");
/**
 * Three contexts, so the page offers a choice: one without a guide, one whose
 * guide never runs (it stays "expected", then "unavailable"), and one whose
 * guide does.
 */
export const E2E_CONTEXTS = {
  default: "onboarding",
  contexts: {
    onboarding: { title: "Onboarding", repoRoot: E2E_REPO_ROOT },
    platform: { title: "Platform team", repoRoot: "/srv/repos/platform", agentName: E2E_AGENT },
    fleet: { title: "Fleet Tracker", repoRoot: E2E_GUIDED_REPO_ROOT, agentName: E2E_GUIDE },
  },
};

export default async function globalSetup() {
  await buildAgent();
  const livekit = await startLiveKitServer();
  const app = await startApp({
    ...liveKitEnv(livekit),
    RATE_LIMIT_JOINS: "100000",
    RATE_LIMIT_RECALLS: "100000",
    RATE_LIMIT_READS: "100000",
    ONBOARDING_CONTEXTS: JSON.stringify(E2E_CONTEXTS),
  }).catch(async (error: unknown) => {
    await livekit.stop();
    throw error;
  });
  const cache = mkdtempSync(path.join(os.tmpdir(), "e2e-guide-cache-"));
  const guide = await startGuideWorker(
    guideWorkerEnv(livekit, E2E_GUIDE, cache, { ONBOARDING_CONTEXTS: JSON.stringify(E2E_CONTEXTS) }),
  ).catch(async (error: unknown) => {
    await app.stop();
    await livekit.stop();
    throw error;
  });
  process.env.E2E_APP_URL = app.url;
  process.env.E2E_LIVEKIT_URL = livekit.url;
  process.env.E2E_LIVEKIT_API_KEY = livekit.apiKey;
  process.env.E2E_LIVEKIT_API_SECRET = livekit.apiSecret;
  return async () => {
    await guide.stop();
    rmSync(cache, { recursive: true, force: true });
    await app.stop();
    await livekit.stop();
  };
}
