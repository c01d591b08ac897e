/**
 * Meeting the guide through the real page: a real guide worker (started by
 * global setup) that knows the fleet-tracker fixture joins the room, shows in
 * its own tile with its state, greets the person by name in the chat, speaks,
 * and answers a where-is question with the file's path as code. The session
 * is screenshotted at 1280 px (docs/session-guide.png is a committed copy).
 */
import { mkdirSync } from "node:fs";
import { collectConsoleErrors } from "./support/console";
import { expect, expectConnected, startSession, test } from "./support/fixtures";

test("a person meets the guide: its tile, a greeting by name, speech, and an answer in the chat", async ({ page, appUrl }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = collectConsoleErrors(page);
  await startSession(page, appUrl, { context: "fleet" });
  await expectConnected(page);

  const tile = page.getByTestId("agent-tile");
  await expect(tile).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("agent-status")).toHaveAttribute("data-state", "joined");
  await expect(tile.locator(".agent-name")).toHaveText("Fleet Tracker guide");

  // The greeting arrives while the chat is closed: it is counted, and there when opened.
  await page.getByRole("button", { name: "Chat" }).click();
  const greeting = page.locator(".guide-message").filter({ hasText: "Hi Ada! I'm your guide to Fleet Tracker" });
  await expect(greeting).toBeVisible({ timeout: 30_000 });
  await expect(greeting.locator("code").first()).toBeVisible();
  // It says it aloud too: LiveKit's agent state goes to speaking while its voice plays.
  await expect(tile).toHaveAttribute("data-agent-state", "speaking");

  await page.getByPlaceholder("Enter a message...").fill("where is the bearer token checked?");
  await page.getByRole("button", { name: "Send" }).click();
  const answer = page.locator(".guide-message").filter({ hasText: "Best match" });
  await expect(answer).toBeVisible();
  await expect(answer.locator("code").first()).toHaveText(/^services\/api\/internal\/auth\/middleware\.go:\d+$/);
  // The guide's text is shown as text: code spans only, never a link it could be made to write.
  await expect(page.locator(".guide-message a")).toHaveCount(0);

  // Tall enough for the greeting and the answer both to show in the chat, from the greeting's first line.
  await page.setViewportSize({ width: 1280, height: 1280 });
  await greeting.evaluate((entry) => entry.scrollIntoView({ block: "start" }));
  mkdirSync(".test-output/screenshots", { recursive: true });
  await page.screenshot({ path: ".test-output/screenshots/session-guide-desktop.png" });
  expect(errors).toEqual([]);
});

test("a context whose guide never comes says so, instead of waiting forever", async ({ page, appUrl }) => {
  test.setTimeout(60_000);
  await startSession(page, appUrl, { context: "platform" });
  await expectConnected(page);
  const status = page.getByTestId("agent-status");
  await expect(status).toHaveAttribute("data-state", "expected");
  await expect(status).toHaveAttribute("data-state", "unavailable", { timeout: 30_000 });
  await expect(status).toContainText("unavailable");
});
