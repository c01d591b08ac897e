/**
 * Playwright global setup: a real livekit-server and the built app on free
 * loopback ports. Their addresses reach the tests through the environment,
 * which Playwright's workers inherit.
 */
import { liveKitEnv, startApp } from "../../scripts/lib/app-process";
import { startLiveKitServer } from "../../scripts/lib/livekit-process";

export const E2E_REPO_ROOT = "/srv/repos/e2e-onboarding";
export const E2E_AGENT = "platform-guide";
/** Two contexts, so the page offers a choice; the second names an agent (none runs: it stays "expected"). */
export const E2E_CONTEXTS = {
  default: "onboarding",
  contexts: {
    onboarding: { title: "Onboarding", repoRoot: E2E_REPO_ROOT },
    platform: { title: "Platform team", repoRoot: "/srv/repos/platform", agentName: E2E_AGENT },
  },
};

export default async function globalSetup() {
  const livekit = await startLiveKitServer({ apiKey: "e2ekey" });
  const app = await startApp({
    ...liveKitEnv(livekit),
    RATE_LIMIT_JOINS: "100000",
    ONBOARDING_CONTEXTS: JSON.stringify(E2E_CONTEXTS),
  }).catch(async (error: unknown) => {
    await livekit.stop();
    throw error;
  });
  process.env.E2E_APP_URL = app.url;
  process.env.E2E_LIVEKIT_URL = livekit.url;
  process.env.E2E_LIVEKIT_API_KEY = livekit.apiKey;
  process.env.E2E_LIVEKIT_API_SECRET = livekit.apiSecret;
  return async () => {
    await app.stop();
    await livekit.stop();
  };
}
