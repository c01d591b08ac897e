/**
 * The whole flow a new hire and a mentor go through, in two browser contexts
 * of the machine's Chromium with fake devices, against the real livekit-server:
 * pre-join (camera preview, mic level, remembered name) → session → invite link
 * → chat → mute seen by the other → leave → rejoin. Neither page logs a console
 * error. Screenshots of pre-join and of the two-person session are written at
 * 1280 and 375 px wide (to .test-output/screenshots; docs/ holds a committed pair).
 */
import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";
import { accessibilityViolations } from "./support/a11y";
import { collectConsoleErrors } from "./support/console";
import { expect, expectRemoteVideoPlaying, remoteTile, test } from "./support/fixtures";

const SHOTS = ".test-output/screenshots";
const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } } as const;

async function screenshotAtBothWidths(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    // The layout must fit the width: no element reaches past the viewport.
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
    );
    expect(overflowing, `${name} at ${size.width}px`).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/${name}-${label}.png` });
  }
  if (original) await page.setViewportSize(original);
}

test("pre-join → session → invite → chat → mute → leave → rejoin", async ({ browser, appUrl }) => {
  // Two browsers, six screenshots and three accessibility scans on two cores: a long test, not a slow app.
  test.setTimeout(180_000);
  const adaContext = await browser.newContext({ viewport: WIDTHS.desktop });
  await adaContext.grantPermissions(["clipboard-read", "clipboard-write"], { origin: appUrl });
  const ada = await adaContext.newPage();
  const grace = await (await browser.newContext({ viewport: WIDTHS.desktop })).newPage();
  const errors = { ada: collectConsoleErrors(ada), grace: collectConsoleErrors(grace) };

  // Pre-join: the camera preview plays, the microphone meter moves.
  await ada.goto(appUrl);
  await expect(ada.getByText("An onboarding session is a live room")).toBeVisible();
  const preview = ada.getByTestId("camera-preview");
  await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth > 0 && !video.paused)).toBe(true);
  // Typing is the first interaction: browsers let the meter's audio start only after one.
  await ada.getByLabel("Your name").pressSequentially("Ada");
  await expect
    .poll(() => ada.getByTestId("mic-level").evaluate((meter: HTMLMeterElement) => meter.value), {
      message: "the fake microphone's beep should move the level meter",
    })
    .toBeGreaterThan(0);
  await expect(ada.getByRole("button", { name: "Microphone" })).toHaveAttribute("aria-pressed", "true");
  await expect(ada.getByLabel("Camera", { exact: true })).toBeVisible();
  await screenshotAtBothWidths(ada, "pre-join");
  expect(await accessibilityViolations(ada)).toEqual([]);

  await ada.getByRole("button", { name: "Start session" }).click();
  await expect(ada.getByTestId("connection-state")).toHaveAttribute("data-state", "connected");
  // Focus moves to the session's heading once connected.
  await expect(ada.getByRole("heading", { level: 1, name: "Onboarding session" })).toBeFocused();

  // The invite link is copied, and lands the mentor in the same room.
  await ada.getByRole("button", { name: "Copy invite link" }).click();
  await expect(ada.getByText("Invite link copied")).toBeVisible();
  const invite = await ada.evaluate(() => navigator.clipboard.readText());
  expect(invite).toBe(await ada.getByTestId("invite-link").getAttribute("href"));
  expect(invite).toMatch(/\/rooms\/onb-[A-Za-z0-9_-]{16}$/);

  await grace.goto(invite);
  await expect(grace.getByText("You have been invited")).toBeVisible();
  await grace.getByLabel("Your name").fill("Grace");
  await grace.getByRole("button", { name: "Join session" }).click();
  await expect(grace.getByTestId("connection-state")).toHaveAttribute("data-state", "connected");
  await expectRemoteVideoPlaying(ada, "Grace");
  await expectRemoteVideoPlaying(grace, "Ada");
  await screenshotAtBothWidths(ada, "session");
  expect(await accessibilityViolations(ada)).toEqual([]);
  await ada.setViewportSize(WIDTHS.phone);
  expect(await accessibilityViolations(ada)).toEqual([]);
  await ada.setViewportSize(WIDTHS.desktop);

  // Chat reaches the other participant.
  await ada.getByRole("button", { name: "Chat" }).click();
  await ada.getByPlaceholder("Enter a message...").fill("Welcome aboard, Grace!");
  await ada.getByRole("button", { name: "Send" }).click();
  await grace.getByRole("button", { name: "Chat" }).click();
  await expect(grace.locator(".lk-chat-entry").filter({ hasText: "Welcome aboard, Grace!" })).toBeVisible();
  await grace.getByRole("button", { name: "Chat" }).click();

  // Grace mutes; Ada sees her microphone muted.
  const graceTile = remoteTile(ada, "Grace");
  await expect(graceTile).toHaveAttribute("data-lk-audio-muted", "false");
  await expect(graceTile.locator(".lk-track-muted-indicator-microphone")).toHaveCount(0);
  await grace.getByRole("toolbar", { name: "Session controls" }).getByRole("button", { name: "Microphone", exact: true }).click();
  await expect(graceTile).toHaveAttribute("data-lk-audio-muted", "true");
  await expect(graceTile.locator(".lk-track-muted-indicator-microphone")).toBeVisible();

  // Leave, then rejoin the same room.
  await ada.getByRole("button", { name: "Leave" }).click();
  await expect(ada.getByRole("heading", { name: "You left the session" })).toBeFocused();
  await expect(remoteTile(grace, "Ada")).toHaveCount(0);
  await ada.getByRole("button", { name: "Rejoin" }).click();
  await expect(ada.getByTestId("connection-state")).toHaveAttribute("data-state", "connected");
  await expect(ada.getByTestId("invite-link")).toHaveAttribute("href", invite);
  await expect(remoteTile(grace, "Ada")).toBeVisible();

  // The name is remembered for next time.
  const again = await adaContext.newPage();
  await again.goto(appUrl);
  await expect(again.getByLabel("Your name")).toHaveValue("Ada");

  expect(errors).toEqual({ ada: [], grace: [] });
  await adaContext.close();
  await grace.context().close();
});
