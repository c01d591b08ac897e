/**
 * The code view through the real page, with the real guide (global setup's
 * worker, which knows the fleet-tracker fixture): a pointer in the guide's
 * answer opens the file beside the tiles, as the guide read it through its
 * read gate over LiveKit RPC, with the cited line marked and in view, the
 * revision, and the line that holds a secret marked as redacted, never
 * shown. Keyboard users open and close it too, and axe stays clean. The
 * view is screenshotted at 1280 px (.test-output/screenshots).
 */
import { mkdirSync } from "node:fs";
import { accessibilityViolations } from "./support/a11y";
import { collectConsoleErrors } from "./support/console";
import { expect, expectConnected, startSession, test } from "./support/fixtures";

test("a pointer in the guide's answer opens the code view at the cited line", async ({ page, appUrl }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = collectConsoleErrors(page);
  await startSession(page, appUrl, { context: "fleet" });
  await expectConnected(page);
  await page.getByRole("button", { name: "Chat" }).click();
  await expect(page.locator(".guide-message").filter({ hasText: "Hi Ada! I'm your guide" })).toBeVisible({ timeout: 30_000 });

  await page.getByPlaceholder("Enter a message...").fill("where is the bearer token checked?");
  await page.getByRole("button", { name: "Send" }).click();
  const pointer = page.locator(".guide-message").filter({ hasText: "Best match" }).locator("button.pointer").first();
  await expect(pointer).toBeVisible();
  const cited = (await pointer.textContent())!;
  const [, path, line] = /^(.+):(\d+)$/.exec(cited)!;
  expect(path).toBe("services/api/internal/auth/middleware.go");

  await pointer.click();
  const view = page.getByTestId("code-view");
  await expect(view.getByRole("heading", { name: path })).toBeVisible();
  await expect(view.getByTestId("code-revision")).toHaveText(/^at [0-9a-f]{12}$/);
  const citedLine = view.locator(`li.cited[data-line="${line}"]`);
  await expect(citedLine).toBeInViewport();
  await expect(citedLine).toHaveAttribute("aria-current", "location");
  await expect(citedLine).toContainText(/\S/);
  // The fixture's inline token: its line is there, marked, and its text is not.
  await expect(view.getByTestId("redacted-line")).toHaveCount(1);
  await expect(view).not.toContainText("tok-inline-CANARY-99fe1a");
  mkdirSync(".test-output/screenshots", { recursive: true });
  await page.screenshot({ path: ".test-output/screenshots/code-view-desktop.png" });

  // The heading has the focus on open; Escape puts the view away.
  await expect(view.getByRole("heading", { name: path })).toBeFocused();
  // (With LiveKit's chat closed: its close button has no name, which is the prefab's, not the code view's.)
  await page.getByRole("button", { name: "Chat" }).click();
  expect(await accessibilityViolations(page)).toEqual([]);
  await view.getByRole("heading", { name: path }).focus();
  await page.keyboard.press("Escape");
  await expect(view).toHaveCount(0);
  expect(errors).toEqual([]);
});
