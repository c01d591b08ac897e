/**
 * Every state a person can hit, each with clear words and a way forward,
 * provoked for real: LiveKit stopped or restarted, an unreachable media URL,
 * a second connection with the same identity, a deleted room, an agent.
 * (Blocked devices are in blocked-devices.spec.ts: they need another browser.)
 */
import { connectBare, mintToken, openBareClientPage } from "./support/bare-client";
import { expect, expectConnected, liveKitRooms, roomOf, startSession, test } from "./support/fixtures";
import { startOwnStack, type OwnStack } from "./support/own-stack";
import { startTcpProxy, type TcpProxy } from "../scripts/lib/tcp-proxy";
import { RoomServiceClient } from "livekit-server-sdk";

const liveKitRoomsOf = ({ livekit }: OwnStack) => new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);

test.describe("when LiveKit is down or unreachable", () => {
  let stack: OwnStack | undefined;
  test.afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  test("a stopped LiveKit gets a clear message and a retry that works once it is back", async ({ page }) => {
    stack = await startOwnStack();
    await stack.livekit.stop();
    await startSession(page, stack.app.url);
    await expect(page.locator(".join-error")).toHaveText("The LiveKit server cannot be reached. Try again in a moment.");
    const retry = page.getByRole("button", { name: "Try again" });
    await expect(retry).toBeEnabled();

    await stack.livekit.restart();
    await retry.click();
    await expectConnected(page);
  });

  test("a media server the browser cannot reach ends in words, not a blank page", async ({ page }) => {
    stack = await startOwnStack({ LIVEKIT_PUBLIC_URL: "ws://127.0.0.1:9" });
    await startSession(page, stack.app.url);
    await expect(page.getByRole("heading", { name: "Could not connect to the media server" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("button", { name: "Rejoin" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Back to start" })).toBeVisible();
  });

  test("LiveKit shutting down mid-session ends it with 'the media server restarted', and Rejoin works once it is back", async ({
    page,
  }) => {
    stack = await startOwnStack();
    await startSession(page, stack.app.url);
    await expectConnected(page);

    // A graceful stop: the server tells every participant it is shutting down. livekit-server 1.13.5
    // sometimes loses that message (its room closes the signal connection while the message is still
    // queued for it; seen in 2 stops of 10 here), and then the page only sees a dropped connection and
    // resumes once the server is back. So the stop is repeated, the page resuming in between, until
    // the server's message arrives.
    const ended = page.getByTestId("session-ended");
    const reconnecting = page.getByTestId("reconnecting-banner");
    for (let stops = 1; ; stops += 1) {
      await stack.livekit.stop();
      await expect(ended.or(reconnecting)).toBeVisible();
      if (await ended.isVisible()) break;
      expect(stops, "livekit-server lost its shutdown message every time").toBeLessThan(5);
      await stack.livekit.restart();
      await expectConnected(page);
    }
    await expect(ended).toHaveAttribute("data-reason", "server-shutdown");
    await expect(page.getByRole("heading", { name: "The media server restarted" })).toBeFocused();

    await stack.livekit.restart();
    await page.getByRole("button", { name: "Rejoin" }).click();
    await expectConnected(page);
  });

  test("LiveKit crashing mid-session shows the reconnecting banner, and the session resumes by itself once it is back", async ({
    page,
  }) => {
    stack = await startOwnStack();
    await startSession(page, stack.app.url);
    await expectConnected(page);

    // A crash says goodbye to no one: the page only sees its connection drop.
    await stack.livekit.crash();
    await expect(page.getByTestId("reconnecting-banner")).toBeVisible();
    await stack.livekit.restart();
    // The token carries the room's configuration, so the reconnect recreates the room on the new server.
    await expectConnected(page);
    await expect(page.getByTestId("reconnecting-banner")).toHaveCount(0);
    await expect(page.getByTestId("session-ended")).toHaveCount(0);
    expect(await liveKitRoomsOf(stack).listRooms([await roomOf(page)])).toHaveLength(1);
  });
});

test("a dropped signal connection shows the reconnecting banner, then recovers by itself", async ({ page }) => {
  // The browser reaches LiveKit's signal port through a proxy that can cut connections.
  let proxy: TcpProxy | undefined;
  const stack = await startOwnStack(async (livekit) => {
    proxy = await startTcpProxy(livekit.port);
    return { LIVEKIT_PUBLIC_URL: `ws://127.0.0.1:${proxy.port}` };
  });
  try {
    await startSession(page, stack.app.url);
    await expectConnected(page);
    // Held, so the reconnect cannot finish before the banner is looked for: a resume takes ~100 ms.
    proxy!.hold();
    expect(proxy!.cutAll()).toBeGreaterThan(0);
    await expect(page.getByTestId("reconnecting-banner")).toHaveText("Connection lost. Reconnecting you to the session…");
    proxy!.release();
    await expectConnected(page);
    await expect(page.getByTestId("reconnecting-banner")).toHaveCount(0);
    await expect(page.getByTestId("session-ended")).toHaveCount(0);
  } finally {
    await stack.stop();
    await proxy?.close();
  }
});

test.describe("disconnects, each with a message and a rejoin", () => {
  test("the same identity connecting elsewhere: 'opened in another tab', and rejoin works", async ({ context, page, appUrl }) => {
    await startSession(page, appUrl);
    await expectConnected(page);
    const roomName = await roomOf(page);
    const [me] = await liveKitRooms().listParticipants(roomName);

    // A second connection with the same identity, minted by the test, not the app.
    const other = await openBareClientPage(context, appUrl);
    const token = await mintToken(roomName, { identity: me!.identity, name: "Ada (other tab)" });
    expect(await connectBare(other, process.env.E2E_LIVEKIT_URL!, token)).toMatchObject({ state: "connected" });

    await expect(page.getByRole("heading", { name: "The session was opened in another tab" })).toBeVisible();
    await expect(page.getByTestId("session-ended")).toHaveAttribute("data-reason", "duplicate-identity");
    await page.getByRole("button", { name: "Rejoin" }).click();
    await expectConnected(page);
    // The rejoin got a fresh identity: both connections are now in the room.
    await expect.poll(async () => (await liveKitRooms().listParticipants(roomName)).length).toBe(2);
  });

  test("removed by a host: 'you were removed', and rejoin works", async ({ page, appUrl }) => {
    await startSession(page, appUrl);
    await expectConnected(page);
    const roomName = await roomOf(page);
    const [me] = await liveKitRooms().listParticipants(roomName);
    await liveKitRooms().removeParticipant(roomName, me!.identity);

    await expect(page.getByRole("heading", { name: "You were removed from the session" })).toBeFocused();
    await page.getByRole("button", { name: "Rejoin" }).click();
    await expectConnected(page);
  });

  test("the room deleted on the server: 'the session was ended', and rejoin reopens it", async ({ page, appUrl }) => {
    await startSession(page, appUrl);
    await expectConnected(page);
    const roomName = await roomOf(page);
    await liveKitRooms().deleteRoom(roomName);

    await expect(page.getByRole("heading", { name: "The session was ended" })).toBeFocused();
    await page.getByRole("button", { name: "Rejoin" }).click();
    await expectConnected(page);
    expect(await liveKitRooms().listRooms([roomName])).toHaveLength(1);
  });
});

test("an agent participant gets its own tile with its state, and the context says it has arrived", async ({ context, page, appUrl }) => {
  await startSession(page, appUrl, { context: "platform" });
  await expectConnected(page);
  await expect(page.getByTestId("agent-status")).toHaveAttribute("data-state", "expected");

  // Stand in for the agent worker: a real participant of kind AGENT, publishing its state as agents do.
  const agentPage = await openBareClientPage(context, appUrl);
  const token = await mintToken(await roomOf(page), {
    identity: "agent-guide",
    name: "Platform guide",
    kind: "agent",
    attributes: { "lk.agent.state": "listening" },
  });
  expect(await connectBare(agentPage, process.env.E2E_LIVEKIT_URL!, token)).toMatchObject({ state: "connected" });

  const tile = page.getByRole("region", { name: "Platform guide (agent)" });
  await expect(tile).toHaveAttribute("data-agent-state", "listening");
  await expect(tile.getByRole("status")).toHaveText("Listening");
  await expect(page.getByTestId("agent-status")).toHaveAttribute("data-state", "joined");
  // Not also shown as a person's empty camera tile.
  await expect(page.locator(".lk-participant-tile", { has: page.locator('[data-lk-participant-name="Platform guide"]') })).toHaveCount(0);

  await agentPage.evaluate(() =>
    (window as unknown as { room: import("livekit-client").Room }).room.localParticipant.setAttributes({ "lk.agent.state": "speaking" }),
  );
  await expect(tile).toHaveAttribute("data-agent-state", "speaking");
});
