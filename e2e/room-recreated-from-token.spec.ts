/**
 * The token carries the room's configuration: when the room is deleted between
 * the join and the browser's connect, the connect recreates it with the same
 * onboarding context, rather than an empty room with no metadata.
 */
import { JoinOutput } from "@/contract/join";
import { parseRoomMetadata } from "@/contract/room-metadata";
import type { Page } from "@playwright/test";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { createNodeClient } from "../trpc/node";
import { E2E_AGENT, E2E_CONTEXTS, E2E_REPO_ROOT } from "./support/global-setup";
import { expect, joinThroughPage, liveKitRooms, test } from "./support/fixtures";
import { startOwnStack, type OwnStack } from "./support/own-stack";

test("a room deleted before the browser connects is recreated with its context", async ({ page, appUrl }) => {
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
