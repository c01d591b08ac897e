/**
 * The code view through the real page, with the real guide (global setup's
 * worker, which knows the fleet-tracker fixture): a pointer in the guide's
 * answer opens the file beside the tiles, as the guide read it through its
 * read gate over LiveKit RPC, with the cited line marked and in view, the
 * revision, and the line that holds a secret marked as redacted, never
 * shown. Keyboard users open and close it too, and axe stays clean. The
 * view, and a followed view, are screenshotted at 1280 px
 * (.test-output/screenshots).
 */
import { mkdirSync } from "node:fs";
import { accessibilityViolations } from "./support/a11y";
import { collectConsoleErrors } from "./support/console";
import { expect, expectConnected, roomOf, startSession, test } from "./support/fixtures";

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
  // Highlighted as Go.
  await expect(view.locator("li.code-line .hljs-keyword").first()).toBeVisible();
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

  // Browsing: the guide's file list, filtered, and a file opened from it (no line marked).
  await page.getByRole("button", { name: "Browse the code" }).click();
  await view.getByLabel("Filter files").fill("auth middleware");
  await expect(view.getByRole("button", { name: path })).toBeVisible();
  await expect(view.getByRole("button", { name: ".env" })).toHaveCount(0);
  await view.getByRole("button", { name: path }).click();
  await expect(view.getByRole("heading", { name: path })).toBeVisible();
  await expect(view.locator('li.code-line[data-line="1"]')).toBeVisible();
  await expect(view.locator("li.cited")).toHaveCount(0);
  await view.getByRole("button", { name: "Files" }).click();
  await expect(view.getByLabel("Filter files")).toBeVisible();
  // Folder by folder: services/, then api/, which holds go.mod; the path above leads back.
  await view.getByRole("button", { name: /^services\/ \(\d+\)$/ }).click();
  await view.getByRole("button", { name: /^api\/ \(\d+\)$/ }).click();
  await expect(view.getByRole("button", { name: "go.mod", exact: true })).toBeVisible();
  await expect(view.getByRole("navigation", { name: "Folder" }).getByRole("button", { name: "api/" })).toHaveAttribute(
    "aria-current",
    "location",
  );
  await view.getByRole("navigation", { name: "Folder" }).getByRole("button", { name: "(top)" }).click();
  await expect(view.getByRole("button", { name: /^web\/ \(\d+\)$/ })).toBeVisible();

  // A long file comes a range at a time: later lines are read on asking, and join the ones shown.
  await view.getByLabel("Filter files").fill("CHANGELOG");
  await view.getByRole("button", { name: "docs/CHANGELOG.md" }).click();
  await expect(view.locator('li.code-line[data-line="1"]')).toBeVisible();
  const lastShown = async () => Number(await view.locator("li.code-line").last().getAttribute("data-line"));
  const shown = await lastShown();
  expect(shown).toBeLessThan(1_000);
  await expect(view.getByRole("button", { name: /^Show earlier lines/ })).toHaveCount(0);
  await view.getByRole("button", { name: /^Show later lines \(of \d+\)$/ }).click();
  await expect.poll(lastShown).toBe(shown + 200);
  // Joined without a gap: every line from 1 on, once.
  await expect(view.locator("li.code-line")).toHaveCount(shown + 200);
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test("showing everyone: others are offered the view, follow it if they choose, and a late joiner lands on it", async ({
  browser,
  appUrl,
}) => {
  test.setTimeout(120_000);
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  try {
    const [ada, grace, hal] = await Promise.all(contexts.map((context) => context.newPage()));
    await startSession(ada!, appUrl, { context: "fleet" });
    await expectConnected(ada!);
    const room = await roomOf(ada!);
    await ada!.getByRole("button", { name: "Chat" }).click();
    await expect(ada!.locator(".guide-message").filter({ hasText: "Hi Ada! I'm your guide" })).toBeVisible({ timeout: 30_000 });
    await startSession(grace!, `${appUrl}/rooms/${room}`, { name: "Grace" });
    await expectConnected(grace!);

    /** Ada asks, opens the answer's first pointer and shows it to everyone; resolves with the pointer. */
    const showAnswerTo = async (question: string) => {
      const before = await ada!.locator(".guide-message").filter({ hasText: "Best match" }).count();
      await ada!.getByPlaceholder("Enter a message...").fill(question);
      await ada!.getByRole("button", { name: "Send" }).click();
      const answer = ada!.locator(".guide-message").filter({ hasText: "Best match" }).nth(before);
      const pointer = answer.locator("button.pointer").first();
      const [, path, line] = /^(.+):(\d+)$/.exec((await pointer.textContent())!)!;
      await pointer.click();
      await ada!.getByTestId("code-view").getByRole("button", { name: "Show everyone" }).click();
      await expect(ada!.getByTestId("show-outcome")).toHaveText("Everyone can follow this now.");
      return { path: path!, line: line! };
    };

    const first = await showAnswerTo("where is the bearer token checked?");
    const prompt = grace!.getByTestId("shared-view-prompt");
    await expect(prompt).toHaveText(new RegExp(`^Ada is showing ${first.path}:${first.line}`));
    await prompt.getByRole("button", { name: "Open" }).click();
    await expect(grace!.getByTestId("code-view").locator(`li.cited[data-line="${first.line}"]`)).toBeInViewport();
    // Ada is not offered her own view.
    await expect(ada!.getByTestId("shared-view-prompt")).toHaveCount(0);

    // Grace follows from now on: Ada's next view opens on her page by itself.
    await prompt.getByLabel("Follow automatically").check();
    const second = await showAnswerTo("where is ApiError?");
    expect(second.path).not.toBe(first.path);
    await expect(grace!.getByTestId("code-view").getByRole("heading", { name: second.path })).toBeVisible();
    await expect(grace!.getByTestId("code-view").locator(`li.cited[data-line="${second.line}"]`)).toBeInViewport();
    await grace!.setViewportSize({ width: 1280, height: 800 });
    await grace!.screenshot({ path: ".test-output/screenshots/code-view-followed.png" });

    // Hal joins late and is offered the current view.
    await startSession(hal!, `${appUrl}/rooms/${room}`, { name: "Hal" });
    await expectConnected(hal!);
    await expect(hal!.getByTestId("shared-view-prompt")).toHaveText(new RegExp(`^Ada is showing ${second.path}:${second.line}`));
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});
