/**
 * Time to connected in the machine's Chromium, from navigation to a connected
 * room: through the real page (fill in the name, press Start, connected), and
 * through a bare page that only calls room.connect(url, token) with a token
 * minted beforehand, which is the limit for any page.
 *
 * Times are read from the page's own clock (milliseconds since navigation
 * started), marked by a script installed before any page script runs: a
 * Playwright wait polls, and would add its polling interval to every figure.
 * Each run also records where the time went (page loaded, Start pressed, join
 * answered, room.connect called, signal and room connected: the page's own
 * User Timing marks, components/session-marks.ts), so the totals can be
 * explained.
 */
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { AccessToken } from "livekit-server-sdk";
import { SESSION_MARKS } from "../components/session-marks";
import { CHROMIUM_ARGS } from "../playwright.config";
import { percentiles } from "./http-load";

const require = createRequire(import.meta.url);
/** A brisk typist: about seven characters a second. */
const TYPING_DELAY_MS = 140;
const livekitClientBundle = readFileSync(require.resolve("livekit-client"), "utf8");

/** Page-clock milliseconds of each step of one run; absent where a path has no such step. */
export type RunMarks = {
  loaded: number;
  /** The session's code is loaded and evaluated (our page only). */
  codeLoaded?: number;
  submitted?: number;
  joinAnswered?: number;
  connectCalled?: number;
  /** LiveKit's signal connection is up (our page only). */
  signalConnected?: number;
  /** The room's Connected event (our page only); `connected` is when the page shows it. */
  roomConnected?: number;
  connected: number;
};

export type ConnectTimes = {
  runs: number;
  p50: number;
  p95: number;
  samples: number[];
  failures: string[];
  /** p50 of each step's time, over the runs that connected. */
  steps: Partial<Record<keyof RunMarks, number>>;
  /** p50 and p95 of connected minus the moment the person asked (Start) or the page called room.connect(). */
  fromRequestP50: number;
  fromRequestP95: number;
};

// Runs before the page's own scripts; `connected` is the first moment either page shows it.
const MARKER = `(() => {
  const marks = (window.__ttc = {});
  const at = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  document.addEventListener("submit", () => at("submitted"), true);
  new MutationObserver(() => {
    if (document.querySelector('[data-testid="connection-state"][data-state="connected"], body[data-state="connected"]')) at("connected");
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
})();`;

async function readMarks(context: BrowserContext, joinUrl: string | undefined): Promise<RunMarks> {
  const [page] = context.pages();
  return page!.evaluate(
    ({ joinUrl, names }) => {
      const marks = (window as unknown as { __ttc: Record<string, number> }).__ttc;
      const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const join = joinUrl ? (performance.getEntriesByName(joinUrl)[0] as PerformanceResourceTiming | undefined) : undefined;
      // No named function in here: tsx would wrap it in a helper the page does not have.
      const [codeMark, connectMark, signalMark, connectedMark] = [
        names.codeLoaded,
        names.connectCalled,
        names.signalConnected,
        names.connected,
      ].map((name) => performance.getEntriesByName(name, "mark")[0]?.startTime);
      return {
        loaded: navigation.loadEventEnd,
        codeLoaded: codeMark,
        submitted: marks.submitted,
        joinAnswered: join?.responseEnd,
        connectCalled: marks.connectCalled ?? connectMark,
        signalConnected: signalMark,
        roomConnected: connectedMark,
        connected: marks.connected!,
      };
    },
    { joinUrl, names: SESSION_MARKS },
  );
}

function summary(runs: RunMarks[], failures: string[]): ConnectTimes {
  const { p50, p95 } = percentiles(runs.map((run) => run.connected));
  const p50Of = (values: Array<number | undefined>) => {
    const present = values.filter((value): value is number => value !== undefined);
    return present.length === 0 ? undefined : Math.round(percentiles(present).p50);
  };
  const steps: ConnectTimes["steps"] = {};
  for (const step of [
    "loaded",
    "codeLoaded",
    "submitted",
    "joinAnswered",
    "connectCalled",
    "signalConnected",
    "roomConnected",
    "connected",
  ] as const) {
    const value = p50Of(runs.map((run) => run[step]));
    if (value !== undefined) steps[step] = value;
  }
  return {
    runs: runs.length,
    p50,
    p95,
    samples: runs.map((run) => Math.round(run.connected)),
    failures,
    steps,
    ...fromRequest(runs),
  };
}

function fromRequest(runs: RunMarks[]): Pick<ConnectTimes, "fromRequestP50" | "fromRequestP95"> {
  const spans = runs.map((run) => run.connected - (run.submitted ?? run.connectCalled ?? NaN)).filter(Number.isFinite);
  if (spans.length === 0) return { fromRequestP50: NaN, fromRequestP95: NaN };
  const { p50, p95 } = percentiles(spans);
  return { fromRequestP50: Math.round(p50), fromRequestP95: Math.round(p95) };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * `typed`: the name is typed at a person's pace (the page starts fetching the
 * session's code at the first keystroke, as it does for a person), then Start
 * is pressed. Otherwise the name is filled and Start pressed at once, as no
 * person can: the session's code is then still on its way when the join
 * returns, and the run shows what that costs.
 */
export async function timeOurPage(browser: Browser, appUrl: string, runs: number, { typed }: { typed: boolean }): Promise<ConnectTimes> {
  const marks: RunMarks[] = [];
  // A run that never connects is reported (with what the page said), not allowed to end the benchmark.
  const failures: string[] = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext();
    await context.addInitScript({ content: MARKER });
    const page = await context.newPage();
    try {
      await page.goto(appUrl);
      const name = page.getByLabel("Your name");
      if (typed) await name.pressSequentially(`Bench ${run}`, { delay: TYPING_DELAY_MS });
      else await name.fill(`Bench ${run}`);
      await page.getByRole("button", { name: "Start session" }).click();
      await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
      marks.push(await readMarks(context, `${appUrl}/api/trpc/livekit.join`));
    } catch (error) {
      const said = await page
        .locator("[role=alert], h1")
        .allInnerTexts()
        .catch(() => []);
      failures.push(`${(error as Error).name}: ${said.join(" | ").slice(0, 200)}`);
    } finally {
      await context.close();
    }
  }
  return summary(marks, failures);
}

export async function timeBareConnect(
  browser: Browser,
  appUrl: string,
  livekit: { url: string; apiKey: string; apiSecret: string },
  runs: number,
): Promise<ConnectTimes> {
  const marks: RunMarks[] = [];
  const failures: string[] = [];
  for (let run = 0; run < runs; run += 1) {
    const token = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: `bare-${run}-${Date.now()}`, ttl: 600 });
    token.addGrant({ roomJoin: true, room: `bare-${run}-${Date.now()}`, canPublish: true, canSubscribe: true });
    const jwt = await token.toJwt();
    const context = await browser.newContext();
    // Served by Playwright under the app's origin: no server address, so Chromium's
    // Local Network Access check needs the grant to let it reach loopback LiveKit.
    await context.grantPermissions(["local-network-access"]);
    await context.addInitScript({ content: MARKER });
    const page = await context.newPage();
    const url = `${appUrl}/__bare-connect`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><meta charset="utf-8"><script>${livekitClientBundle}</script><script>
          window.__ttc.connectCalled = performance.now();
          new LivekitClient.Room().connect(${JSON.stringify(livekit.url)}, ${JSON.stringify(jwt)}).then(() => { document.body.dataset.state = "connected"; });
        </script>`,
      }),
    );
    try {
      await page.goto(url);
      await page.locator('body[data-state="connected"]').waitFor({ state: "attached", timeout: 30_000 });
      marks.push(await readMarks(context, undefined));
    } catch (error) {
      failures.push(`${(error as Error).name} (bare)`);
    } finally {
      await context.close();
    }
  }
  return summary(marks, failures);
}
