/**
 * `npm run page-weight`: the landing page's JavaScript as Chromium fetches it
 * from the production build (see bench/js-weight.ts), without the rest of the
 * benchmark. Run `npm run build` first.
 */
import { startApp } from "../scripts/lib/app-process";
import { measureLandingJs } from "./js-weight";
import { launchChromium } from "./time-to-connected";

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
// The page renders without LiveKit: placeholder settings suffice.
const app = await startApp({ LIVEKIT_URL: "ws://127.0.0.1:9", LIVEKIT_API_KEY: "weight", LIVEKIT_API_SECRET: "weight-placeholder-secret" });
const browser = await launchChromium();
try {
  const js = await measureLandingJs(browser, app.url);
  console.log(
    `Before any interaction: ${kB(js.beforeInteraction.bytes)} in ${js.beforeInteraction.scripts.length} scripts (livekit-client: ${js.livekitClientBeforeInteraction ? "yes" : "no"})`,
  );
  console.log(`Until the network is idle: ${kB(js.untilIdle.bytes)} in ${js.untilIdle.scripts.length} scripts`);
  for (const script of js.untilIdle.scripts) console.log(`  ${kB(script.bytes).padStart(9)}  ${new URL(script.url).pathname}`);
} finally {
  await browser.close();
  await app.stop();
}
