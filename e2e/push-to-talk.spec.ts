/**
 * Push-to-talk through the real page, in Chromium, with the real guide worker
 * (started by global setup, hearing with Debian's pocketsphinx) on the
 * fleet-tracker fixture: Ada holds "Hold to ask the guide", her microphone
 * plays a spoken question, she lets go, and the chat shows what the guide
 * heard as her question, then the right answer.
 *
 * The microphone is Chromium's fake capture fed an espeak-ng WAV, played once
 * (`%noloop`) from when the session opens the microphone. The page does not
 * re-acquire the microphone on press (that would cut the room's audio for a
 * moment, and a person's microphone is already live), so the WAV begins with
 * enough silence for the guide to arrive and the button to be held first,
 * and the test checks that it was: no speech is seen before "Listening". It
 * lets go once the page has seen her speak and stop, as a person would.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { CHROMIUM_ARGS } from "../playwright.config";
import { writeSpeechWav } from "../scripts/lib/spoken-question";
import { collectConsoleErrors } from "./support/console";
import type { Page } from "@playwright/test";
import { expect, expectConnected, startSession, test } from "./support/fixtures";

const QUESTION = "where is the telemetry consumer";
/** Silence before the question: the session connects, the guide arrives and greets, and the button is held, well within it. */
const LEAD_SECONDS = 14;
const WAV = path.resolve(".test-output/push-to-talk-question.wav");
mkdirSync(path.dirname(WAV), { recursive: true });
writeSpeechWav(QUESTION, WAV, { leadSeconds: LEAD_SECONDS, tailSeconds: 4 });

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${WAV}%noloop`],
  },
});

/** The pause that ends a question: LiveKit's speaking flag also drops between two words. */
const QUIET_MS = 1_500;

/** Waits until this person's tile has not shown them speaking for `ms`, as someone who has finished their question. */
async function quietFor(page: Page, ms: number) {
  await page.waitForFunction(
    (quiet) => {
      const tile = document.querySelector<HTMLElement>(".lk-participant-tile[data-lk-local-participant='true']");
      const state = window as unknown as { lastSpoke?: number };
      const now = performance.now();
      if (tile?.dataset.lkSpeaking === "true" || state.lastSpoke === undefined) state.lastSpoke = now;
      return now - state.lastSpoke >= quiet;
    },
    ms,
    { polling: 100, timeout: 30_000 },
  );
}

test("a person holds the button, asks aloud, lets go, and gets their question and its answer in the chat", async ({ page, appUrl }) => {
  test.setTimeout(90_000);
  const errors = collectConsoleErrors(page);
  await startSession(page, appUrl, { context: "fleet" });
  await expectConnected(page);
  const me = page.locator(".lk-participant-tile[data-lk-local-participant='true']");
  await page.getByRole("button", { name: "Chat" }).click();
  await expect(page.locator(".guide-message").filter({ hasText: "Hi Ada! I'm your guide to Fleet Tracker" })).toBeVisible({
    timeout: 30_000,
  });

  const button = page.getByRole("button", { name: "Hold to ask the guide" });
  const listening = page.getByText("Listening: ask, then let go");
  await expect(listening).toHaveCount(0);
  await button.hover();
  await page.mouse.down();
  await expect(listening).toBeVisible();
  // The question had not started when the guide began to listen: nothing of it is lost.
  await expect(me).not.toHaveAttribute("data-lk-speaking", "true");
  await expect(me).toHaveAttribute("data-lk-speaking", "true", { timeout: (LEAD_SECONDS + 5) * 1000 });
  await quietFor(page, QUIET_MS);
  await page.mouse.up();
  await expect(listening).toHaveCount(0);

  await expect(page.locator(".guide-message").filter({ hasText: `Ada, aloud: ${QUESTION}?` })).toBeVisible();
  const answer = page.locator(".guide-message").filter({ hasText: "Best match" });
  await expect(answer.locator("code").first()).toHaveText(/^services\/ingest\/ingest\/consumer\.py:\d+$/);
  expect(errors).toEqual([]);
});

test("a muted microphone is refused, with the offer to unmute; unmuted, the keyboard holds and lets go, twice", async ({
  page,
  appUrl,
}) => {
  test.setTimeout(60_000);
  await startSession(page, appUrl, { name: "Grace", context: "fleet" });
  await expectConnected(page);
  await expect(page.getByTestId("agent-tile")).toBeVisible({ timeout: 30_000 });
  const toggle = page.locator("button[data-lk-source='microphone']");
  const muted = page.locator(".lk-participant-tile[data-lk-local-participant='true'] .lk-track-muted-indicator-microphone");
  // Muted once it is published, as a person would: before that, there is no microphone to mute.
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await toggle.click();
  await expect(muted).toHaveAttribute("data-lk-muted", "true");
  // The keyboard's way: Space held on the button.
  const button = page.getByRole("button", { name: "Hold to ask the guide" });
  await button.focus();
  await page.keyboard.down("Space");
  const problem = page.locator(".push-to-talk-problem");
  await expect(problem).toContainText("Your microphone is muted. Unmute it to ask aloud (everyone in the room will hear you too)");
  await page.keyboard.up("Space");
  await page.getByRole("button", { name: "Unmute microphone" }).click();
  await expect(problem).toHaveCount(0);
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(muted).toHaveCount(0);

  // Once the guide has read the repository (before that, a press is refused with "still reading")…
  await expect(page.locator(".guide-message").filter({ hasText: "Hi Grace! I'm your guide" })).toBeAttached({ timeout: 30_000 });
  // …unmuted, the same keys hold and let go, twice: each press shows "Listening" until its release, and only then.
  const listening = page.getByText("Listening: ask, then let go");
  for (const press of [1, 2]) {
    await button.focus();
    await page.keyboard.down("Space");
    await expect(listening, `press ${press}`).toBeVisible();
    await page.keyboard.up("Space");
    await expect(listening, `release ${press}`).toHaveCount(0);
  }
  await expect(page.locator(".push-to-talk-problem")).toHaveCount(0);
});
