/**
 * The token of someone who may start sessions carries the room's
 * configuration: when the room is deleted between the join and the browser's
 * connect, the connect recreates it with the same onboarding context, rather
 * than an empty room with no metadata. A guest's token does not: LiveKit
 * still lets it recreate the room (its tokens name rooms, not sessions), and
 * the app, told by LiveKit's webhook, closes that room at once.
 */
import { JoinOutput } from "@/contract/join";
import { parseRoomMetadata } from "@/contract/room-metadata";
import type { Page } from "@playwright/test";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { createNodeClient } from "../trpc/node";
import { E2E_AGENT, E2E_CONTEXTS, E2E_REPO_ROOT } from "./support/global-setup";
import { expect, joinThroughPage, liveKitRooms, startSession, test } from "./support/fixtures";
import { startOwnStack, type OwnStack } from "./support/own-stack";
import { startMembersApp } from "../tests/support/members-app";

test("a room deleted before the browser connects is recreated with its context (open mode: anyone may start sessions)", async ({
  page,
  appUrl,
}) => {
  const rooms = liveKitRooms();
  let joined: JoinOutput | undefined;
  await page.route("**/api/trpc/livekit.join", async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { result: { data: unknown } };
    joined = JoinOutput.parse(body.result.data);
    // The room exists now; delete it before the page gets its token.
    await rooms.deleteRoom(joined.roomName);
    expect(await rooms.listRooms([joined.roomName])).toHaveLength(0);
    await route.fulfill({ response, json: body });
  });

  await joinThroughPage(page, appUrl, "Ada");

  const [room] = await rooms.listRooms([joined!.roomName]);
  expect(room, "the connect should have recreated the room").toBeDefined();
  expect(room!.sid).not.toBe(joined!.roomSid);
  expect(parseRoomMetadata(room!.metadata)?.context.repoRoot).toBe(E2E_REPO_ROOT);
  expect(room!.emptyTimeout).toBe(300);
});

test("a room deleted between two joins (the second skips createRoom) comes back with its context and agent on connect", async ({
  page,
}) => {
  // An app of its own whose "recently ensured" window outlasts the test, so the second join surely skips createRoom.
  const stack = await startOwnStack({ ROOM_ENSURE_CACHE_SECONDS: "60", ONBOARDING_CONTEXTS: JSON.stringify(E2E_CONTEXTS) });
  try {
    await secondJoinReusesTheEnsure(page, stack);
  } finally {
    await stack.stop();
  }
});

async function secondJoinReusesTheEnsure(page: Page, stack: OwnStack) {
  const appUrl = stack.app.url;
  const liveKitRooms = () => new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret);
  const client = createNodeClient(appUrl);
  const first = await client.livekit.join.mutate({ participantName: "Mentor", context: "platform" });
  await liveKitRooms().deleteRoom(first.roomName);

  // The second join, moments later, reuses the recently ensured room without asking LiveKit…
  let second: JoinOutput | undefined;
  page.on("response", async (response) => {
    if (response.url().includes("/api/trpc/livekit.join"))
      second = JoinOutput.parse(((await response.json()) as { result: { data: unknown } }).result.data);
  });
  await joinThroughPage(page, `${appUrl}/rooms/${first.roomName}`, "New hire");
  expect(second?.roomSid, "the second join should have reused the first one's ensure").toBe(first.roomSid);

  // …and the browser's connect recreated the room from the token: right context, agent dispatched.
  const [room] = await liveKitRooms().listRooms([first.roomName]);
  expect(room!.sid).not.toBe(first.roomSid);
  expect(parseRoomMetadata(room!.metadata)?.context).toMatchObject({
    id: "platform",
    repoRoot: "/srv/repos/platform",
    agentName: E2E_AGENT,
  });
  await expect(page.getByTestId("context-repo-root")).toHaveText("/srv/repos/platform");
  const dispatches = new AgentDispatchClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret);
  expect((await dispatches.listDispatch(first.roomName)).filter((dispatch) => dispatch.agentName === E2E_AGENT)).toHaveLength(1);
}

test("a guest's token does not bring an ended session back: the room it recreates is closed, and the invite is spent", async ({ page }) => {
  // Sign-in configured, and a LiveKit of its own that posts its webhooks to the app.
  const stack = await startMembersApp();
  try {
    const rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret);
    const host = await createNodeClient(stack.appUrl, { serviceToken: stack.serviceTokens[0] }).livekit.join.mutate({
      participantName: "Host",
    });
    await page.route("**/api/trpc/livekit.join", async (route) => {
      const response = await route.fetch();
      // The session ends between the guest's join and her browser's connect.
      await rooms.deleteRoom(host.roomName);
      await route.fulfill({ response });
    });
    await startSession(page, `${stack.appUrl}/rooms/${host.roomName}#invite=${host.invite!.token}`, { name: "Grace" });

    // LiveKit let her token create the room; the app closed it, and her page says the session is over (while she
    // was still connecting, if the app was quicker than her browser).
    await expect(page.getByTestId("session-ended")).toHaveAttribute("data-reason", /^(room-deleted|connect-failed)$/);
    await expect.poll(async () => (await rooms.listRooms([host.roomName])).length).toBe(0);
    await page.unroute("**/api/trpc/livekit.join");
    await page.getByRole("button", { name: "Rejoin" }).click();
    await expect(page.getByTestId("session-ended").getByRole("alert")).toHaveText(
      "The session first-service invited you to has ended, so its invite no longer works. Ask first-service for a new link.",
    );
    expect(await rooms.listRooms([host.roomName])).toHaveLength(0);
  } finally {
    await stack.stop();
  }
});
