/**
 * Playwright global setup: a real livekit-server and the built app on free
 * loopback ports. Their addresses reach the tests through the environment,
 * which Playwright's workers inherit.
 */
import { liveKitEnv, startApp } from "../../scripts/lib/app-process";
import { startLiveKitServer } from "../../scripts/lib/livekit-process";

export const E2E_REPO_ROOT = "/srv/repos/e2e-onboarding";

export default async function globalSetup() {
  const livekit = await startLiveKitServer({ apiKey: "e2ekey" });
  const app = await startApp({ ...liveKitEnv(livekit), ONBOARDING_REPO_ROOT: E2E_REPO_ROOT }).catch(async (error: unknown) => {
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
