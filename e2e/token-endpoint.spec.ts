/**
 * LiveKit's own client, unchanged, against POST /api/token: a page that holds
 * nothing of ours but livekit-client's published bundle connects through
 * `TokenSource.endpoint('/api/token')`.
 */
import { openBareClientPage } from "./support/bare-client";
import { expect, liveKitRooms, test } from "./support/fixtures";

test("livekit-client's TokenSource.endpoint connects through /api/token", async ({ context, appUrl }) => {
  const roomName = `token-source-${Date.now().toString(36)}`;
  const page = await openBareClientPage(context, appUrl);
  const result = await page.evaluate(async (roomName) => {
    const { Room, TokenSource } = (window as unknown as { LivekitClient: typeof import("livekit-client") }).LivekitClient;
    try {
      const details = await TokenSource.endpoint("/api/token").fetch({ roomName, participantName: "Mobile Ada" });
      const room = new Room();
      await room.connect(details.serverUrl, details.participantToken);
      return { state: room.state as string, name: room.name, identity: room.localParticipant.identity };
    } catch (error) {
      return { error: String(error) };
    }
  }, roomName);
  expect(result).toEqual({ state: "connected", name: roomName, identity: expect.stringMatching(/^p_/) });

  const participants = await liveKitRooms().listParticipants(roomName);
  expect(participants.map((participant) => [participant.identity, participant.name])).toEqual([[result.identity, "Mobile Ada"]]);
});
