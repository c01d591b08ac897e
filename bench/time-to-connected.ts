/**
 * Time to connected in the machine's Chromium, from navigation to a connected
 * room: through the real page (fill in the name, press Start, connected), and
 * through a bare page that only calls room.connect(url, token) with a token
 * minted beforehand, which is the limit for any page.
 */
import { chromium, type Browser } from "@playwright/test";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { AccessToken } from "livekit-server-sdk";
import { CHROMIUM_ARGS } from "../playwright.config";
import { percentiles } from "./http-load";

const require = createRequire(import.meta.url);
const livekitClientBundle = readFileSync(require.resolve("livekit-client"), "utf8");

export type ConnectTimes = { runs: number; p50: number; p95: number; samples: number[]; failures: string[] };

function summary(samples: number[], failures: string[] = []): ConnectTimes {
  const { p50, p95 } = percentiles(samples);
  return { runs: samples.length, p50, p95, samples: samples.map((sample) => Math.round(sample)), failures };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

export async function timeOurPage(browser: Browser, appUrl: string, runs: number): Promise<ConnectTimes> {
  const samples: number[] = [];
  // A run that never connects is reported (with what the page said), not allowed to end the benchmark.
  const failures: string[] = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      const started = performance.now();
      await page.goto(appUrl);
      await page.getByLabel("Your name").fill(`Bench ${run}`);
      await page.getByRole("button", { name: "Start session" }).click();
      await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
      samples.push(performance.now() - started);
    } catch (error) {
      const said = await page.locator("[role=alert], h1").allInnerTexts().catch(() => []);
      failures.push(`${(error as Error).name}: ${said.join(" | ").slice(0, 200)}`);
    } finally {
      await context.close();
    }
  }
  return summary(samples, failures);
}

export async function timeBareConnect(
  browser: Browser,
  appUrl: string,
  livekit: { url: string; apiKey: string; apiSecret: string },
  runs: number,
): Promise<ConnectTimes> {
  const samples: number[] = [];
  const failures: string[] = [];
  for (let run = 0; run < runs; run += 1) {
    const token = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: `bare-${run}-${Date.now()}`, ttl: 600 });
    token.addGrant({ roomJoin: true, room: `bare-${run}-${Date.now()}`, canPublish: true, canSubscribe: true });
    const jwt = await token.toJwt();
    const context = await browser.newContext();
    // Served by Playwright under the app's origin: no server address, so Chromium's
    // Local Network Access check needs the grant to let it reach loopback LiveKit.
    await context.grantPermissions(["local-network-access"]);
    const page = await context.newPage();
    const url = `${appUrl}/__bare-connect`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><meta charset="utf-8"><script>${livekitClientBundle}</script><script>
          const room = new LivekitClient.Room();
          room.connect(${JSON.stringify(livekit.url)}, ${JSON.stringify(jwt)}).then(() => { document.body.dataset.state = "connected"; });
        </script>`,
      }),
    );
    try {
      const started = performance.now();
      await page.goto(url);
      await page.locator('body[data-state="connected"]').waitFor({ state: "attached", timeout: 30_000 });
      samples.push(performance.now() - started);
    } catch (error) {
      failures.push(`${(error as Error).name} (bare)`);
    } finally {
      await context.close();
    }
  }
  return summary(samples, failures);
}
