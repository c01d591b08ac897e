/**
 * A page that holds nothing of ours: only livekit-client's published browser
 * bundle, served under the app's origin by Playwright (so relative URLs such as
 * '/api/token' reach the real app). Tests use it as "another client" (a second
 * tab with the same identity, an agent) without going through our page.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "@playwright/test";
import { AccessToken } from "livekit-server-sdk";

const require = createRequire(import.meta.url);
// The package's CommonJS entry is its UMD browser bundle (it defines `LivekitClient`).
const livekitClientBundle = readFileSync(require.resolve("livekit-client"), "utf8");

export async function openBareClientPage(context: BrowserContext, appUrl: string): Promise<Page> {
  // A page Playwright fulfils has no server address, so Chromium counts it as
  // public and would block its calls to loopback LiveKit (Local Network Access).
  // The app's own pages come from loopback and need no such grant.
  await context.grantPermissions(["local-network-access"]);
  const page = await context.newPage();
  const url = `${appUrl}/__bare-livekit-client`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><meta charset="utf-8"><title>bare livekit-client</title><script>${livekitClientBundle}</script>`,
    }),
  );
  await page.goto(url);
  return page;
}

/** Connects the bare page with a token; resolves with the room's state once connect() settles. */
export async function connectBare(page: Page, serverUrl: string, token: string) {
  return page.evaluate(
    async ({ serverUrl, token }) => {
      const { Room } = (window as unknown as { LivekitClient: typeof import("livekit-client") }).LivekitClient;
      const room = new Room();
      (window as unknown as { room: unknown }).room = room;
      try {
        await room.connect(serverUrl, token);
        return { state: room.state as string, name: room.name, identity: room.localParticipant.identity };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { serverUrl, token },
  );
}

/** Mints a token the way a test harness (not the app) would: for a second tab, or an agent. */
export async function mintToken(
  roomName: string,
  options: { identity: string; name?: string; kind?: "agent"; attributes?: Record<string, string> },
) {
  const token = new AccessToken(process.env.E2E_LIVEKIT_API_KEY, process.env.E2E_LIVEKIT_API_SECRET, {
    identity: options.identity,
    name: options.name,
    attributes: options.attributes,
    ttl: 300,
  });
  // canUpdateOwnMetadata lets a stand-in agent publish its state attribute, as real agents do.
  token.addGrant({
    roomJoin: true,
    room: roomName,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: true,
  });
  if (options.kind) token.kind = options.kind;
  return token.toJwt();
}
