/**
 * React StrictMode never double-connects. Production React does not replay
 * effects, so this runs the page under `next dev`, where StrictMode mounts,
 * unmounts and remounts every effect: one click must still be one join, one
 * identity in the room, and a session that stays connected.
 */
import { liveKitEnv, startApp } from "../scripts/lib/app-process";
import { expect, expectConnected, liveKitRooms, roomOf, test } from "./support/fixtures";

test("under StrictMode (next dev), one join makes one connection that stays", async ({ page }) => {
  test.setTimeout(240_000);
  const app = await startApp(
    liveKitEnv({
      url: process.env.E2E_LIVEKIT_URL!,
      apiKey: process.env.E2E_LIVEKIT_API_KEY!,
      apiSecret: process.env.E2E_LIVEKIT_API_SECRET!,
    }),
    { dev: true },
  );
  try {
    let joins = 0;
    page.on("request", (request) => {
      if (request.url().includes("/api/trpc/livekit.join")) joins += 1;
    });
    await page.goto(app.url);
    await page.getByLabel("Your name").fill("Strict");
    await page.getByRole("button", { name: "Start session" }).click();
    await expectConnected(page);
    const roomName = await roomOf(page);

    expect(joins).toBe(1);
    const participants = await liveKitRooms().listParticipants(roomName);
    expect(participants.map((participant) => participant.name)).toEqual(["Strict"]);
    // A second connection with the same identity would have kicked this one ("opened in another tab").
    await expect(page.getByTestId("session-ended")).toHaveCount(0);
    await expectConnected(page);
  } finally {
    await app.stop();
  }
});
