/** Shared fixtures: where the app is, and joining through the real page. */
import { test as base, expect, type Page } from "@playwright/test";
import { RoomServiceClient } from "livekit-server-sdk";

export const test = base.extend<{ appUrl: string }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring.
  appUrl: async ({}, use) => {
    const url = process.env.E2E_APP_URL;
    if (!url) throw new Error("E2E_APP_URL is not set: run through playwright.config.ts (global setup)");
    await use(url);
  },
});
export { expect };

/** Opens the landing or invite page, picks the context if asked to, fills in the name and starts (or joins). */
export async function startSession(page: Page, url: string, { name = "Ada", context }: { name?: string; context?: string } = {}) {
  await page.goto(url);
  if (context) await page.getByLabel("What are you onboarding onto?").selectOption(context);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: /start session|join session/i }).click();
}

/** startSession, then waits until the room is connected and the person's own tile shows. */
export async function joinThroughPage(page: Page, url: string, name: string) {
  await startSession(page, url, { name });
  await expectConnected(page);
  await expect(page.locator(".lk-participant-tile[data-lk-local-participant='true']")).toBeVisible();
}

export const remoteTile = (page: Page, name: string) =>
  page.locator(".lk-participant-tile[data-lk-local-participant='false']", {
    has: page.locator(`[data-lk-participant-name="${name}"]`),
  });

/** True once a remote participant's video is subscribed and actually decoding frames. */
export async function expectRemoteVideoPlaying(page: Page, name: string) {
  const video = remoteTile(page, name).locator("video");
  await expect
    .poll(() => video.evaluate((element: HTMLVideoElement) => element.videoWidth > 0 && element.readyState >= 2), {
      message: `video from ${name} should be playing`,
    })
    .toBe(true);
}

export async function expectConnected(page: Page) {
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "connected");
}

/** The room a session page is in, read from its invite link (without a signed invite's fragment). */
export async function roomOf(page: Page): Promise<string> {
  const invite = await page.getByTestId("invite-link").getAttribute("href");
  return new URL(invite!).pathname.split("/rooms/")[1]!;
}

/** The shared test server's RoomService, for checking what the page did on the server. */
export function liveKitRooms() {
  return new RoomServiceClient(process.env.E2E_LIVEKIT_URL!, process.env.E2E_LIVEKIT_API_KEY, process.env.E2E_LIVEKIT_API_SECRET);
}
