/**
 * An invite is for one session, against the production server, a real
 * identity provider and a livekit-server of the app's own that posts its
 * webhooks to the app (as docs/operations.md asks of a deployment).
 *
 * A session is one life of a room name. A member may reopen the name (a
 * bookmark, or a chosen name such as `standup`), but the last session's
 * invites and guests' tokens do not reach the new one:
 *  - the app refuses a join or a recall with the old invite, naming who sent it;
 *  - a guest's token, which LiveKit accepts for any room of its name, is
 *    removed from the new session, and a room it recreates on its own is closed;
 *  - a member's token still brings its room back, with its context.
 */
import { DisconnectReason, RoomEvent } from "@livekit/rtc-node";
import { TRPCClientError } from "@trpc/client";
import { createHash } from "node:crypto";
import { AccessToken, RoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorData, ErrorShape } from "../contract/errors";
import { ROLE_ATTRIBUTE, SESSION_ATTRIBUTE } from "../contract/join";
import { parseRoomMetadata } from "../contract/room-metadata";
import getPort from "get-port";
import { type AppProcess, liveKitEnv, startApp, webhookUrl } from "../scripts/lib/app-process";
import { type LiveKitServer, startLiveKitServer } from "../scripts/lib/livekit-process";
import { Person } from "../scripts/lib/room-person";
import { createNodeClient } from "../trpc/node";
import { type MembersApp, startMembersApp } from "./support/members-app";
import { freshRedisDb } from "./support/redis";
import { uniqueRoom } from "./support/unique-room";

let stack: MembersApp;
let rooms: RoomServiceClient;
beforeAll(async () => {
  // The app remembers a room it ensured for a minute: a finished session must be forgotten at once all the same.
  stack = await startMembersApp({ env: { ROOM_ENSURE_CACHE_SECONDS: "60", RATE_LIMIT_JOINS: "1000" } });
  rooms = new RoomServiceClient(stack.livekit.httpUrl, stack.livekit.apiKey, stack.livekit.apiSecret);
});
afterAll(async () => stack?.stop());

const service = () => createNodeClient(stack.appUrl, { serviceToken: stack.serviceTokens[0] });
const anyone = () => createNodeClient(stack.appUrl);

/** A session started by the first service, whose invite says it came from "first-service". */
async function startSession(roomName: string) {
  const host = await service().livekit.join.mutate({ participantName: "Host", roomName });
  expect(host.invite).not.toBeNull();
  return host;
}

async function failureOf(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a tRPC error, got ${String(error)}`);
  // Parsed, not cast: the error's data must be the one shape every endpoint uses.
  return { data: ErrorData.parse(error.data), message: error.message };
}

/**
 * Ends the session (as its room's empty timeout would) and has a member open the name again. LiveKit tells the
 * app the room finished through its webhook, a moment later: until then the app still knows the room (it
 * remembers rooms it ensured, for up to a minute here), so the member's join is repeated until it starts anew.
 */
async function endAndReopen(roomName: string) {
  await rooms.deleteRoom(roomName);
  let reopened: Awaited<ReturnType<typeof startSession>> | undefined;
  await expect
    .poll(
      async () => {
        reopened = await startSession(roomName);
        return reopened.roomCreated;
      },
      { timeout: 10_000, interval: 250 },
    )
    .toBe(true);
  return reopened!;
}

/** Far beyond a webhook's round trip on loopback (milliseconds). */
const DISCONNECT_DEADLINE_MS = 10_000;

const roomExists = async (roomName: string) => (await rooms.listRooms([roomName])).length > 0;

/** Connects with a token straight to LiveKit, and resolves with why LiveKit then disconnected it. */
async function connectUntilDisconnected(token: string, name: string) {
  const person = await Person.join(stack.livekit.url, token, name);
  const reason = await new Promise<DisconnectReason>((resolve, reject) => {
    const deadline = setTimeout(() => {
      void person.leave();
      reject(new Error(`${name} is still in the room ${DISCONNECT_DEADLINE_MS} ms after connecting`));
    }, DISCONNECT_DEADLINE_MS);
    person.room.once(RoomEvent.Disconnected, (why) => {
      clearTimeout(deadline);
      resolve(why);
    });
    if (!person.room.isConnected) resolve(DisconnectReason.UNKNOWN_REASON);
  });
  return { person, reason };
}

describe("an invite is for one session", () => {
  it("a guest's invite stops working when its session ends, even when a member reopens the room's name", async () => {
    const roomName = uniqueRoom("standup");
    const first = await startSession(roomName);
    const invite = first.invite!.token;
    const guest = await anyone().livekit.join.mutate({ participantName: "Grace", roomName, invite });
    expect(guest.role).toBe("guest");

    const second = await endAndReopen(roomName);

    const join = await failureOf(anyone().livekit.join.mutate({ participantName: "Grace", roomName, invite }));
    expect(join.data.reason).toBe("SESSION_ENDED");
    expect(join.data.httpStatus).toBe(404);
    expect(join.message).toBe(
      "The session first-service invited you to has ended, so its invite no longer works. Ask first-service for a new link.",
    );

    const recall = await failureOf(anyone().livekit.recallGuide.mutate({ roomName, invite }));
    expect(recall.data.reason).toBe("SESSION_ENDED");

    // The new session's own invite works.
    const welcome = await anyone().livekit.join.mutate({ participantName: "Grace", roomName, invite: second.invite!.token });
    expect(welcome.role).toBe("guest");
  });

  it("a guest's token from an ended session is removed from the room's next session", async () => {
    const roomName = uniqueRoom("standup");
    const first = await startSession(roomName);
    const guest = await anyone().livekit.join.mutate({ participantName: "Grace", roomName, invite: first.invite!.token });
    await endAndReopen(roomName);

    // LiveKit takes the token: it names the room, and the room of that name is live. The app's webhook handler removes her.
    const { reason } = await connectUntilDisconnected(guest.participantToken, "Grace");
    expect(reason).toBe(DisconnectReason.PARTICIPANT_REMOVED);
    expect((await rooms.listParticipants(roomName)).map((participant) => participant.identity)).not.toContain(guest.participantIdentity);
    expect(await roomExists(roomName)).toBe(true);
  });

  it("a guest's token cannot bring an ended session back; a member's token can, with its context", async () => {
    const roomName = uniqueRoom("standup");
    const first = await startSession(roomName);
    const guest = await anyone().livekit.join.mutate({ participantName: "Grace", roomName, invite: first.invite!.token });
    await rooms.deleteRoom(roomName);

    // LiveKit creates a missing room for any valid token; the room has none of our metadata, and the app closes it.
    const { person, reason } = await connectUntilDisconnected(guest.participantToken, "Grace");
    expect(reason).toBe(DisconnectReason.ROOM_DELETED);
    expect(person.room.remoteParticipants.size).toBe(0);
    await expect.poll(() => roomExists(roomName)).toBe(false);

    // The member's token from the same session recreates the room with its context and its session.
    const member = await Person.join(stack.livekit.url, first.participantToken, "Host");
    try {
      const [room] = await rooms.listRooms([roomName]);
      const metadata = parseRoomMetadata(room?.metadata);
      expect(metadata?.context.id).toBe(first.context?.id);
      expect(member.room.localParticipant?.attributes[ROLE_ATTRIBUTE]).toBe("service");
      // And that is the session the old invite was for, so it works again, as the session did not really end.
      const back = await anyone().livekit.join.mutate({ participantName: "Grace", roomName, invite: first.invite!.token });
      expect(back.role).toBe("guest");
    } finally {
      await member.leave();
    }
  });
});

describe("LiveKit's webhook", () => {
  /** The Authorization LiveKit sends: a JWT signed with the API key and secret, carrying the body's SHA-256. */
  async function signature(body: string, secret: string) {
    const token = new AccessToken(stack.livekit.apiKey, secret);
    token.sha256 = createHash("sha256").update(body).digest("base64");
    return token.toJwt();
  }

  it("acts only on deliveries signed with the app's LiveKit key: a forged event closes nothing", async () => {
    const roomName = uniqueRoom("standup");
    await startSession(roomName);
    // What a guest of another session joining would look like: signed, it would get her removed or the room closed.
    const body = JSON.stringify({
      event: "participant_joined",
      id: "EV_forged",
      room: { name: roomName },
      participant: { identity: "p_forged", attributes: { [ROLE_ATTRIBUTE]: "guest", [SESSION_ATTRIBUTE]: "another" } },
    });
    const other = JSON.stringify({ event: "room_finished", id: "EV_other", room: { name: roomName } });
    const attempts: Array<[string, Record<string, string>]> = [
      ["unsigned", {}],
      ["signed with another secret", { authorization: await signature(body, "not-the-secret-not-the-secret-not-the-secret") }],
      ["signed for another body", { authorization: await signature(other, stack.livekit.apiSecret) }],
    ];
    for (const [what, headers] of attempts) {
      const response = await fetch(`${stack.appUrl}/api/livekit/webhook`, {
        method: "POST",
        headers: { "content-type": "application/webhook+json", ...headers },
        body,
      });
      expect(response.status, what).toBe(401);
      expect(ErrorShape.parse(((await response.json()) as { error: unknown }).error).data.reason, what).toBe("WEBHOOK_SIGNATURE_INVALID");
    }
    expect(await roomExists(roomName)).toBe(true);
  });
});

describe("across app replicas", () => {
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it("a finished session is forgotten by every replica, though LiveKit's webhook reaches only one", async () => {
    const redis = await freshRedisDb(14);
    stops.push(redis.close);
    const hearsPort = await getPort({ host: "127.0.0.1" });
    const livekit: LiveKitServer = await startLiveKitServer({ webhookUrls: [webhookUrl(hearsPort)] });
    stops.push(() => livekit.stop());
    // Both remember rooms they ensured for a minute; only the first is told when one finishes.
    const env = { ...liveKitEnv(livekit), REDIS_URL: redis.url, ROOM_ENSURE_CACHE_SECONDS: "60", RATE_LIMIT_JOINS: "1000" };
    const replicas: AppProcess[] = [await startApp(env, { port: hearsPort }), await startApp(env)];
    for (const replica of replicas) stops.push(() => replica.stop());
    const other = createNodeClient(replicas[1]!.url);

    const roomName = uniqueRoom("standup");
    expect((await other.livekit.join.mutate({ participantName: "Host", roomName })).roomCreated).toBe(true);
    await new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).deleteRoom(roomName);
    await expect
      .poll(async () => (await other.livekit.join.mutate({ participantName: "Host", roomName })).roomCreated, {
        timeout: 10_000,
        interval: 250,
      })
      .toBe(true);
  });
});
