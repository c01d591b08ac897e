/**
 * The JavaScript a browser fetches for the landing page, measured in the
 * machine's Chromium from its Resource Timing entries (bytes on the wire,
 * compressed, without headers):
 *  - before any interaction: the scripts the page's HTML loads, which must
 *    arrive before the form works;
 *  - until the network is idle: everything the page fetches by itself once
 *    loaded (the camera and microphone check included), with no one touching it.
 * Also whether livekit-client is among the first (it must not be).
 */
import type { Browser } from "@playwright/test";

export type ScriptWeight = { url: string; bytes: number };
export type LandingJs = {
  beforeInteraction: { bytes: number; scripts: ScriptWeight[] };
  untilIdle: { bytes: number; scripts: ScriptWeight[] };
  /** Whether livekit-client is in the first-load scripts. */
  livekitClientBeforeInteraction: boolean;
};

// A string only livekit-client's bundle contains (its signal connection error).
const LIVEKIT_CLIENT_SIGNATURE = "could not establish signal connection";

export async function measureLandingJs(browser: Browser, appUrl: string): Promise<LandingJs> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(appUrl, { waitUntil: "load" });
    const html = (await response?.text()) ?? "";
    // nomodule scripts (polyfills) are not fetched by a browser that runs modules.
    const firstLoad = new Set(
      [...html.matchAll(/<script(?![^>]*nomodule)[^>]+src="([^"]+\.js[^"]*)"/g)].map((match) => new URL(match[1]!, appUrl).href),
    );
    await page.waitForLoadState("networkidle");
    // The camera check loads once the form has hydrated; let it finish and go quiet again.
    await page.getByTestId("mic-level").waitFor({ state: "attached", timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((entry) => entry as PerformanceResourceTiming)
        .filter((entry) => /\.js(\?|$)/.test(entry.name))
        .map((entry) => ({ url: entry.name, bytes: entry.encodedBodySize })),
    );
    const before = scripts.filter((script) => firstLoad.has(script.url));
    const sum = (list: ScriptWeight[]) => list.reduce((total, script) => total + script.bytes, 0);
    let livekitClientBeforeInteraction = false;
    for (const script of before) {
      const text = await (await fetch(script.url)).text();
      livekitClientBeforeInteraction ||= text.includes(LIVEKIT_CLIENT_SIGNATURE);
    }
    return {
      beforeInteraction: { bytes: sum(before), scripts: before },
      untilIdle: { bytes: sum(scripts), scripts },
      livekitClientBeforeInteraction,
    };
  } finally {
    await context.close();
  }
}
