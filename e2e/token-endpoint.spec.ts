/**
 * LiveKit's own client, unchanged, against POST /api/token: a page that holds
 * nothing of ours but livekit-client's published bundle connects through
 * `TokenSource.endpoint('/api/token')`.
 *
 * The page is served under the app's origin by Playwright (so the relative
 * '/api/token' reaches the real app), not by the app: the app ships no test pages.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { RoomServiceClient } from "livekit-server-sdk";
import { expect, test } from "./support/fixtures";

const require = createRequire(import.meta.url);
// The package's CommonJS entry is its UMD browser bundle (it defines `LivekitClient`).
const livekitClientBundle = readFileSync(require.resolve("livekit-client"), "utf8");

const page = (roomName: string) => `<!doctype html>
<meta charset="utf-8"><title>TokenSource.endpoint</title>
<script>${livekitClientBundle}</script>
<script>
  window.result = (async () => {
    const { Room, TokenSource } = LivekitClient;
    const source = TokenSource.endpoint("/api/token");
    const details = await source.fetch({ roomName: ${JSON.stringify(roomName)}, participantName: "Mobile Ada" });
    const room = new Room();
    await room.connect(details.serverUrl, details.participantToken);
    return { state: room.state, name: room.name, identity: room.localParticipant.identity };
  })().catch((error) => ({ error: String(error) }));
</script>`;

test("livekit-client's TokenSource.endpoint connects through /api/token", async ({ page: browserPage, appUrl }) => {
  const roomName = `token-source-${Date.now().toString(36)}`;
  await browserPage.route(`${appUrl}/__token-source-check`, (route) =>
    route.fulfill({ contentType: "text/html", body: page(roomName) }),
  );
  // A page Playwright fulfils has no server address, so Chromium counts it as
  // public and would block its calls to loopback LiveKit (Local Network Access).
  // The app's own pages come from loopback and need no such grant.
  await browserPage.context().grantPermissions(["local-network-access"]);
  await browserPage.goto(`${appUrl}/__token-source-check`);
  const result = await browserPage.evaluate(() => (window as unknown as { result: Promise<Record<string, string>> }).result);
  expect(result).toEqual({ state: "connected", name: roomName, identity: expect.stringMatching(/^p_/) });

  const rooms = new RoomServiceClient(process.env.E2E_LIVEKIT_URL!, process.env.E2E_LIVEKIT_API_KEY, process.env.E2E_LIVEKIT_API_SECRET);
  const participants = await rooms.listParticipants(roomName);
  expect(participants.map((participant) => [participant.identity, participant.name])).toEqual([[result.identity, "Mobile Ada"]]);
});
