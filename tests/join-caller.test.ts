/**
 * `livekit.join` through the server-side caller, against the real livekit-server.
 */
import { TRPCError } from "@trpc/server";
import { RoomServiceClient, TokenVerifier } from "livekit-server-sdk";
import { describe, expect, inject, it } from "vitest";
import { ROOM_NAME_PATTERN } from "@/contract/join";
import { parseRoomMetadata } from "@/contract/room-metadata";
import { callerFor, configFor } from "./support/caller";
import { uniqueRoom } from "./support/unique-room";

const livekit = inject("livekit");
const config = configFor(livekit, { ONBOARDING_REPO_ROOT: "/srv/repos/acme", TOKEN_TTL_SECONDS: "900" });
const caller = callerFor(config);
const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);

describe("livekit.join (server-side caller)", () => {
  it("mints a token whose claims are exactly what a participant needs", async () => {
    const roomName = uniqueRoom("claims");
    const joined = await caller.livekit.join({ participantName: "  Ada Lovelace  ", roomName });

    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(joined.participantToken);
    expect(claims.sub).toBe(joined.participantIdentity);
    expect(claims.name).toBe("Ada Lovelace");
    expect(joined.participantName).toBe("Ada Lovelace");
    expect(claims.video).toEqual({
      roomJoin: true,
      room: roomName,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
    });
    expect(claims.exp).toBe(joined.expiresAt);
    expect(claims.exp! - claims.nbf!).toBe(900);
    expect(joined.expiresAt - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(900);

    // The token carries the room's configuration, so a room that closes before
    // the browser connects is recreated with the same onboarding context.
    const roomConfig = claims.roomConfig as { name?: string; metadata?: string; emptyTimeout?: number } | undefined;
    expect(roomConfig?.name).toBe(roomName);
    expect(roomConfig?.emptyTimeout).toBe(config.roomEmptyTimeoutSeconds);
    expect(parseRoomMetadata(roomConfig?.metadata)?.context.repoRoot).toBe("/srv/repos/acme");
    expect(joined.serverUrl).toBe(livekit.url);
  });

  it("creates the room on the server with versioned onboarding metadata", async () => {
    const roomName = uniqueRoom("meta");
    const joined = await caller.livekit.join({ participantName: "Ada", roomName });
    expect(joined.roomCreated).toBe(true);

    const [room] = await rooms.listRooms([roomName]);
    expect(room?.sid).toBe(joined.roomSid);
    expect(room?.emptyTimeout).toBe(config.roomEmptyTimeoutSeconds);
    const metadata = parseRoomMetadata(room?.metadata);
    expect(metadata).toMatchObject({ version: 1, context: { id: "default", repoRoot: "/srv/repos/acme" } });
  });

  it("generates an unguessable room name when none is given", async () => {
    const first = await caller.livekit.join({ participantName: "Ada" });
    const second = await caller.livekit.join({ participantName: "Ada" });
    expect(first.roomName).toMatch(ROOM_NAME_PATTERN);
    expect(first.roomName).not.toBe(second.roomName);
    // "onb-" + 16 base64url characters = 96 random bits.
    const random = first.roomName.replace(/^onb-/, "");
    expect(random.length * 6).toBeGreaterThanOrEqual(80);
    expect(first.roomCreated && second.roomCreated).toBe(true);
  });

  it("gives every join its own random identity, even with the same name", async () => {
    const roomName = uniqueRoom("ids");
    const joins = await Promise.all(Array.from({ length: 10 }, () => caller.livekit.join({ participantName: "Same Name", roomName })));
    const identities = new Set(joins.map((join) => join.participantIdentity));
    expect(identities.size).toBe(10);
    for (const identity of identities) expect(identity).toMatch(/^p_[A-Za-z0-9_-]{16}$/);
  });

  it("ends 20 concurrent joins of one new room in one room, created exactly once", async () => {
    const roomName = uniqueRoom("race");
    const joins = await Promise.all(
      Array.from({ length: 20 }, (_, index) => caller.livekit.join({ participantName: `P${index}`, roomName })),
    );
    expect(new Set(joins.map((join) => join.roomSid)).size).toBe(1);
    expect(joins.filter((join) => join.roomCreated)).toHaveLength(1);
    const listed = await rooms.listRooms([roomName]);
    expect(listed.map((room) => room.sid)).toEqual([joins[0]!.roomSid]);
  });

  it("tells created from found across separate app instances too", async () => {
    // Two configs = two independent service instances with no shared in-flight state.
    const other = callerFor(configFor(livekit, { ONBOARDING_REPO_ROOT: "/srv/repos/acme" }));
    const roomName = uniqueRoom("instances");
    const joins = await Promise.all(
      Array.from({ length: 10 }, (_, index) => (index % 2 ? caller : other).livekit.join({ participantName: `P${index}`, roomName })),
    );
    expect(new Set(joins.map((join) => join.roomSid)).size).toBe(1);
    expect(joins.filter((join) => join.roomCreated)).toHaveLength(1);
  });

  it("keeps a live room's own context when the configured one differs", async () => {
    const roomName = uniqueRoom("keep");
    await caller.livekit.join({ participantName: "Mentor", roomName });
    const reconfigured = callerFor(configFor(livekit, { ONBOARDING_REPO_ROOT: "/srv/repos/elsewhere" }));
    const later = await reconfigured.livekit.join({ participantName: "New hire", roomName });
    expect(later.roomCreated).toBe(false);

    const [room] = await rooms.listRooms([roomName]);
    expect(parseRoomMetadata(room?.metadata)?.context.repoRoot).toBe("/srv/repos/acme");
    // The token's roomConfig carries the room's context, not the newly configured one.
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(later.participantToken);
    const roomConfig = claims.roomConfig as { metadata?: string } | undefined;
    expect(parseRoomMetadata(roomConfig?.metadata)?.context.repoRoot).toBe("/srv/repos/acme");
  });

  describe("rejects bad input with BAD_REQUEST", () => {
    const cases: Array<[string, unknown]> = [
      ["an empty name", { participantName: "   " }],
      ["a name over 64 characters", { participantName: "x".repeat(65) }],
      ["a name with control characters", { participantName: "Ada\u0000" }],
      ["a name with a newline", { participantName: "Ada\nLovelace" }],
      ["a room name that looks like a path", { participantName: "Ada", roomName: "../etc/passwd" }],
      ["a room name over 64 characters", { participantName: "Ada", roomName: "r".repeat(65) }],
      ["a room name with spaces", { participantName: "Ada", roomName: "my room" }],
      ["a missing name", { roomName: "abc" }],
      ["a wrong type", { participantName: 42 }],
      ["an extra field", { participantName: "Ada", canPublish: false }],
    ];
    it.each(cases)("%s", async (_label, input) => {
      const error = await caller.livekit.join(input as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
    });
  });
});

describe("livekit.join when things are wrong", () => {
  it("says so when LiveKit rejects the credentials", async () => {
    const wrong = callerFor(configFor({ ...livekit, apiSecret: "not-the-secret-but-long-enough-to-look-real" }));
    const error = (await wrong.livekit.join({ participantName: "Ada" }).catch((caught: unknown) => caught)) as TRPCError;
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    expect(error.message).toMatch(/rejected this server's API credentials/);
    expect(error.message).not.toContain("not-the-secret");
  });
});
