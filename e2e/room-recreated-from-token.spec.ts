/**
 * The token carries the room's configuration: when the room is deleted between
 * the join and the browser's connect, the connect recreates it with the same
 * onboarding context, rather than an empty room with no metadata.
 */
import { JoinOutput, parseRoomMetadata } from "../server/livekit/schemas";
import { E2E_REPO_ROOT } from "./support/global-setup";
import { expect, joinThroughPage, liveKitRooms, test } from "./support/fixtures";

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
