/**
 * Blocked camera and microphone: the person is told, and can still join with
 * audio only or to listen only.
 *
 * This file runs Chromium without --use-fake-ui-for-media-stream, so Chromium
 * answers permission prompts itself; headless, it answers "block". What a test
 * does not grant is denied, as for a person who clicked "Block". The fake
 * devices are still there.
 */
import { CHROMIUM_ARGS } from "../playwright.config";
import { expect, expectConnected, liveKitRooms, roomOf, test } from "./support/fixtures";

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: CHROMIUM_ARGS.filter((flag) => flag !== "--use-fake-ui-for-media-stream"),
  },
});

test("with camera and microphone blocked, the person can still join to listen", async ({ page, appUrl }) => {
  await page.goto(appUrl);
  const problem = page.getByTestId("device-problem");
  await expect(problem).toHaveAttribute("data-failure", "PermissionDenied");
  await expect(problem).toContainText("blocking the camera or microphone");
  await problem.getByRole("button", { name: "Listen only" }).click();
  await expect(page.getByText("Camera is off")).toBeVisible();

  await page.getByLabel("Your name").fill("Listener");
  await page.getByRole("button", { name: "Start session" }).click();
  await expectConnected(page);
  const [participant] = await liveKitRooms().listParticipants(await roomOf(page));
  expect(participant?.name).toBe("Listener");
  expect(participant?.tracks).toHaveLength(0);
});

test("with only the camera blocked, the person joins with audio only", async ({ context, page, appUrl }) => {
  await context.grantPermissions(["microphone"], { origin: appUrl });
  await page.goto(appUrl);
  const problem = page.getByTestId("device-problem");
  await expect(problem).toBeVisible();
  await problem.getByRole("button", { name: "Continue without camera" }).click();
  await expect(problem).toHaveCount(0);
  await expect.poll(() => page.getByTestId("mic-level").count()).toBe(1);

  await page.getByLabel("Your name").fill("Voice");
  await page.getByRole("button", { name: "Start session" }).click();
  await expectConnected(page);
  const roomName = await roomOf(page);
  await expect.poll(async () => (await liveKitRooms().listParticipants(roomName))[0]?.tracks.map((track) => track.source)).toEqual([2]); // TrackSource.MICROPHONE
});
