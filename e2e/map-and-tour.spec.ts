/**
 * The map and the tour through the real page, with the real guide (global
 * setup's worker, which knows the fleet-tracker fixture):
 * - the map has the boxes and arrows the fixture's imports imply, drawn as
 *   SVG from the guide's data; a box opened from the keyboard opens its file
 *   in the code view; on a phone the panel takes the screen and the tiles
 *   are one tap away; axe stays clean;
 * - two people take the tour: three steps for both, the follower's page
 *   opening each step by itself (the map included), a question answered in
 *   the middle, the tour carrying on after it, and the tour's controls used
 *   from the keyboard.
 * Screenshots go to .test-output/screenshots (the README's come from there).
 */
import { mkdirSync } from "node:fs";
import { accessibilityViolations } from "./support/a11y";
import { collectConsoleErrors } from "./support/console";
import { expect, expectConnected, roomOf, startSession, test } from "./support/fixtures";

const SCREENSHOTS = ".test-output/screenshots";

test("the map shows the fixture's modules and imports, and a box opens its code", async ({ page, appUrl }) => {
  test.setTimeout(90_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const errors = collectConsoleErrors(page);
  await startSession(page, appUrl, { context: "fleet" });
  await expectConnected(page);

  await page.getByRole("button", { name: "Map", exact: true }).click();
  const map = page.getByTestId("repository-map");
  await expect(map.getByRole("heading", { name: "Map of the repository" })).toBeFocused();
  const box = (folder: string) => map.locator(`g.map-box[data-folder="${folder}"]`);
  for (const folder of ["services/api/cmd/api", "services/api/internal/auth", "web/src", "web/src/components", "services/ingest/ingest"]) {
    await expect(box(folder)).toBeVisible({ timeout: 30_000 });
  }
  const arrows = await map
    .locator("path.map-arrow")
    .evaluateAll((paths) => paths.map((path) => `${path.getAttribute("data-from")} -> ${path.getAttribute("data-to")}`).sort());
  expect(arrows).toContain("services/api/cmd/api -> services/api/internal/auth");
  expect(arrows).toContain("web/src/components -> web/src/api");
  expect(arrows).toContain("services/ingest/tests -> services/ingest/ingest");
  expect(arrows).toHaveLength(9);
  await page.screenshot({ path: `${SCREENSHOTS}/map-desktop.png` });
  expect(await accessibilityViolations(page)).toEqual([]);

  // From the keyboard: a box is a button, and Enter opens its file.
  await box("services/api/internal/auth").focus();
  await page.keyboard.press("Enter");
  const view = page.getByTestId("code-view");
  await expect(view.getByRole("heading", { name: "services/api/internal/auth/middleware.go" })).toBeVisible();
  // Highlighted as Go: keywords are marked as such.
  await expect(view.locator("li.code-line .hljs-keyword").first()).toBeVisible();

  // On a phone the panel is the whole screen, and Close is the one tap back to the tiles.
  await page.setViewportSize({ width: 390, height: 844 });
  const panel = await view.boundingBox();
  expect(panel).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
  await view.getByRole("button", { name: "Close" }).click();
  await expect(page.locator(".lk-participant-tile[data-lk-local-participant='true']")).toBeInViewport();
  expect(errors).toEqual([]);
});

test("two people take the tour: three steps, a question in the middle, and the follower's page keeps up", async ({ browser, appUrl }) => {
  test.setTimeout(150_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const [ada, grace] = await Promise.all(contexts.map((context) => context.newPage()));
    await Promise.all([ada!, grace!].map((page) => page.setViewportSize({ width: 1280, height: 800 })));
    await startSession(ada!, appUrl, { context: "fleet" });
    await expectConnected(ada!);
    await ada!.getByRole("button", { name: "Chat" }).click();
    await expect(ada!.locator(".guide-message").filter({ hasText: "Hi Ada! I'm your guide" })).toBeVisible({ timeout: 30_000 });
    await startSession(grace!, `${appUrl}/rooms/${await roomOf(ada!)}`, { name: "Grace" });
    await expectConnected(grace!);
    await expect(grace!.getByRole("button", { name: "Take the tour" })).toBeVisible({ timeout: 30_000 });

    // Ada starts it (the fixture has no CodeTour, so the guide's own tour starts at once).
    await ada!.getByRole("button", { name: "Take the tour" }).click();
    for (const page of [ada!, grace!]) {
      await expect(page.getByTestId("tour").getByRole("heading")).toHaveText(/step 1 of \d+: What it is$/);
    }
    // The one who started it sees the step; Grace is offered it, and chooses to follow.
    await expect(ada!.getByTestId("code-view").getByRole("heading", { name: "README.md" })).toBeVisible();
    const prompt = grace!.getByTestId("shared-view-prompt");
    await expect(prompt).toHaveText(/^The guide is showing README\.md:1–\d+/);
    await prompt.getByLabel("Follow automatically").check();
    await expect(grace!.getByTestId("code-view").getByRole("heading", { name: "README.md" })).toBeVisible();

    // Step 2, by Grace: her page follows, and Ada's page sees the step too.
    await grace!.getByTestId("tour").getByRole("button", { name: "Next" }).click();
    for (const page of [ada!, grace!]) {
      await expect(page.getByTestId("tour").getByRole("heading")).toHaveText(/step 2 of \d+: How to run it$/);
    }
    await expect(grace!.getByTestId("code-view").getByRole("heading", { name: "Makefile" })).toBeVisible();
    await expect(grace!.getByTestId("code-view").locator("li.cited").first()).toBeInViewport();

    // A question in the middle is answered, and the tour waits at its step.
    await ada!.getByPlaceholder("Enter a message...").fill("where are speed alerts raised?");
    await ada!.getByRole("button", { name: "Send" }).click();
    const answer = ada!.locator(".guide-message").filter({ hasText: "Best match" }).last();
    await expect(answer).toContainText("services/ingest/ingest/alerts.py");
    await expect(answer).toContainText("The tour is at step 2");
    await expect(grace!.getByTestId("tour").getByRole("heading")).toHaveText(/step 2 of/);

    // Step 3, by Ada from the keyboard: the map, which Grace's page opens by itself.
    await ada!.getByTestId("tour").getByRole("button", { name: "Next" }).focus();
    await ada!.keyboard.press("Enter");
    for (const page of [ada!, grace!]) {
      await expect(page.getByTestId("tour").getByRole("heading")).toHaveText(/step 3 of \d+: The map$/);
    }
    await expect(grace!.getByTestId("repository-map").locator("g.map-box").first()).toBeVisible();
    await grace!.screenshot({ path: `${SCREENSHOTS}/tour-map-follower.png` });
    // (With LiveKit's chat closed: its close button has no name, which is the prefab's.)
    expect(await accessibilityViolations(grace!)).toEqual([]);

    await grace!.getByTestId("tour").getByRole("button", { name: "End the tour" }).click();
    for (const page of [ada!, grace!]) {
      await expect(page.getByTestId("tour")).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Take the tour" })).toBeVisible();
    }
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});
