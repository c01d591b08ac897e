/**
 * The core flow in a real browser: two people join one room through the page,
 * each sees and receives the other, and a departure is seen by the one who stays.
 */
import { expect, expectRemoteVideoPlaying, joinThroughPage, remoteTile, test } from "./support/fixtures";

test("two participants join one room, see each other's media, and see a departure", async ({ browser, appUrl }) => {
  const ada = await (await browser.newContext()).newPage();
  const grace = await (await browser.newContext()).newPage();

  await joinThroughPage(ada, appUrl, "Ada");
  const invite = await ada.getByTestId("invite-link").getAttribute("href");
  expect(invite).toMatch(/\/rooms\/onb-[A-Za-z0-9_-]{16}$/);

  await joinThroughPage(grace, invite!, "Grace");

  await expect(remoteTile(ada, "Grace")).toBeVisible();
  await expect(remoteTile(grace, "Ada")).toBeVisible();
  await expectRemoteVideoPlaying(ada, "Grace");
  await expectRemoteVideoPlaying(grace, "Ada");

  await grace.getByRole("button", { name: "Leave" }).click();
  // Leaving returns to the form, and the one who stays sees the tile go.
  await expect(grace.getByLabel("Your name")).toBeVisible();
  await expect(remoteTile(ada, "Grace")).toHaveCount(0);
  await expect(ada.locator(".lk-participant-tile")).toHaveCount(1);

  await ada.context().close();
  await grace.context().close();
});
