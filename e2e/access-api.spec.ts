/**
 * The access policy through the API, with sign-in configured against a real
 * OpenID Connect provider (e2e/support/access-stack.ts): anonymous calls get
 * 401 and create no room; a service token works for the typed Node client
 * and `npm run join`; a cross-site request carrying a member's cookie is
 * refused; a guest's invite never creates a room.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { TRPCClientError } from "@trpc/client";
import { createNodeClient } from "../trpc/node";
import { type AccessStack, liveKitDispatches, signIn, startAccessStack } from "./support/access-stack";
import { expect, liveKitRooms, test } from "./support/fixtures";

test.use({ ignoreHTTPSErrors: true });

let stack: AccessStack;
test.beforeAll(async () => {
  stack = await startAccessStack();
});
test.afterAll(async () => stack?.stop());

const newRoom = () => `api-${randomBytes(6).toString("hex")}`;
const roomExists = async (room: string) => (await liveKitRooms().listRooms([room])).length > 0;
const json = { "content-type": "application/json" };

async function reasonOf(call: Promise<unknown>): Promise<{ code: string; reason: string | null }> {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a tRPC error, got ${String(error)}`);
  return { code: error.data?.code, reason: error.data?.reason ?? null };
}

test("anonymous calls get 401 and create no room, through tRPC and /api/token", async () => {
  const viaTrpc = newRoom();
  const trpc = await fetch(`${stack.appUrl}/api/trpc/livekit.join`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ participantName: "Anon", roomName: viaTrpc }),
  });
  expect(trpc.status).toBe(401);
  const body = await trpc.json();
  expect(body.error.data).toMatchObject({ code: "UNAUTHORIZED", reason: "SIGN_IN_REQUIRED" });
  expect(body.error.message).toContain("Sign in");

  const viaToken = newRoom();
  const token = await fetch(`${stack.appUrl}/api/token`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ participant_name: "Anon", room_name: viaToken }),
  });
  expect(token.status).toBe(401);
  // /api/token's body is the same shape as tRPC's inner error.
  expect((await token.json()).error.data).toMatchObject({ code: "UNAUTHORIZED", reason: "SIGN_IN_REQUIRED" });

  const anonymous = createNodeClient(stack.appUrl);
  expect(await reasonOf(anonymous.onboarding.contexts.query())).toEqual({ code: "UNAUTHORIZED", reason: "SIGN_IN_REQUIRED" });
  expect(await reasonOf(anonymous.livekit.recallGuide.mutate({ roomName: viaTrpc }))).toEqual({
    code: "UNAUTHORIZED",
    reason: "SIGN_IN_REQUIRED",
  });
  expect(await roomExists(viaTrpc)).toBe(false);
  expect(await roomExists(viaToken)).toBe(false);
});

test("a service token lets the typed Node client and npm run join start sessions; an unknown one gets 401", async () => {
  const client = createNodeClient(stack.appUrl, { serviceToken: stack.serviceToken });
  const room = newRoom();
  const session = await client.livekit.join.mutate({ participantName: "Build bot", roomName: room });
  expect(session).toMatchObject({ roomName: room, roomCreated: true, role: "service" });
  expect(session.invite?.token).toBeTruthy();
  expect((await liveKitDispatches().listDispatch(room)).map((dispatch) => dispatch.agentName)).toEqual([stack.agentName]);

  const viaScript = newRoom();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "scripts/join.ts", "--name", "Script", "--room", viaScript, "--url", stack.appUrl],
    { env: { ...process.env, ONBOARDING_SERVICE_TOKEN: stack.serviceToken } },
  );
  expect(JSON.parse(stdout)).toMatchObject({ roomName: viaScript, roomCreated: true, role: "service" });

  const impostor = createNodeClient(stack.appUrl, { serviceToken: `onb_${randomBytes(32).toString("base64url")}` });
  const refusedRoom = newRoom();
  expect(await reasonOf(impostor.livekit.join.mutate({ participantName: "Impostor", roomName: refusedRoom }))).toEqual({
    code: "UNAUTHORIZED",
    reason: "SERVICE_TOKEN_REJECTED",
  });
  expect(await roomExists(refusedRoom)).toBe(false);
});

test("a cross-site request carrying a member's cookie is refused, and the same request from the app's page is not", async ({ page }) => {
  await signIn(page, stack, "ada");
  const join = (room: string, headers: Record<string, string>) =>
    page.request.post(`${stack.appUrl}/api/trpc/livekit.join`, { data: { participantName: "Ada", roomName: room }, headers });

  const forged = newRoom();
  const crossSite = await join(forged, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).error.data.reason).toBe("CROSS_SITE_REQUEST");
  // A cookie without any Origin is not taken as the app's own page either.
  const originless = await join(forged, {});
  expect(originless.status()).toBe(403);
  const signOut = await page.request.post(`${stack.appUrl}/api/auth/signout`, {
    headers: { origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(signOut.status()).toBe(403);
  expect(await roomExists(forged)).toBe(false);

  const own = newRoom();
  // Another scheme's Authorization (a staging proxy's Basic auth) is not a service token: the cookie still counts.
  const sameOrigin = await join(own, { origin: stack.appUrl, authorization: "Basic c3RhZ2luZzpzdGFnaW5n" });
  expect(sameOrigin.status()).toBe(200);
  expect((await sameOrigin.json()).result.data).toMatchObject({ roomName: own, roomCreated: true, role: "member" });
});

test("an invite lets a guest into its own room, which it never creates", async () => {
  const host = await createNodeClient(stack.appUrl, { serviceToken: stack.serviceToken }).livekit.join.mutate({ participantName: "Host" });
  const guest = createNodeClient(stack.appUrl);
  const invite = host.invite!.token;

  const joined = await guest.livekit.join.mutate({ participantName: "Guest", roomName: host.roomName, invite });
  expect(joined).toMatchObject({ roomName: host.roomName, roomCreated: false, role: "guest", invite: null });
  // Its token cannot bring the guide: a room recreated from it would have none.
  const roomConfig = JSON.parse(Buffer.from(joined.participantToken.split(".")[1]!, "base64url").toString()).roomConfig;
  expect(roomConfig?.agents ?? []).toEqual([]);
  // Nor the session's context: a room recreated from it is no room an invite or a guide would take for this one.
  expect(roomConfig?.metadata ?? "").toBe("");

  // Not a new room with it, and not once the room is gone.
  expect(await reasonOf(guest.livekit.join.mutate({ participantName: "Guest", invite }))).toEqual({
    code: "FORBIDDEN",
    reason: "INVITE_WRONG_ROOM",
  });
  await liveKitRooms().deleteRoom(host.roomName);
  expect(await reasonOf(guest.livekit.join.mutate({ participantName: "Guest", roomName: host.roomName, invite }))).toEqual({
    code: "NOT_FOUND",
    reason: "SESSION_ENDED",
  });
  expect(await roomExists(host.roomName)).toBe(false);
});
