/**
 * Onboarding contexts and agent dispatch through `livekit.join`, against the
 * real livekit-server: which context a room gets, what a client may name, and
 * that a context's agent is dispatched to its room exactly once.
 */
import { TRPCError } from "@trpc/server";
import { AgentDispatchClient, RoomServiceClient, TokenVerifier } from "livekit-server-sdk";
import { describe, expect, inject, it } from "vitest";
import { AgentDispatchMetadataV1, parseRoomMetadata } from "@/contract/room-metadata";
import { callerFor, configFor } from "./support/caller";
import { uniqueRoom } from "./support/unique-room";

const livekit = inject("livekit");
const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
const dispatches = new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);

const GUIDE = "onboarding-guide";
const contexts = {
  default: "web",
  contexts: {
    web: { title: "Web app", repoRoot: "/srv/repos/web", agentName: GUIDE },
    infra: { title: "Infrastructure", repoRoot: "/srv/repos/infra" },
  },
};
const caller = callerFor(configFor(livekit, { ONBOARDING_CONTEXTS: JSON.stringify(contexts) }));

async function agentDispatches(roomName: string) {
  return (await dispatches.listDispatch(roomName)).filter((dispatch) => dispatch.agentName === GUIDE);
}

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("onboarding contexts", () => {
  it("gives a new room the default context when none is named", async () => {
    const roomName = uniqueRoom("default");
    const joined = await caller.livekit.join({ participantName: "Ada", roomName });
    expect(joined.context).toEqual({ id: "web", title: "Web app", repoRoot: "/srv/repos/web", agentName: GUIDE });
    const [room] = await rooms.listRooms([roomName]);
    expect(parseRoomMetadata(room?.metadata)?.context).toEqual(joined.context);
  });

  it("gives a new room the context the join names", async () => {
    const roomName = uniqueRoom("chosen");
    const joined = await caller.livekit.join({ participantName: "Ada", roomName, context: "infra" });
    expect(joined.context).toEqual({ id: "infra", title: "Infrastructure", repoRoot: "/srv/repos/infra" });
    const [room] = await rooms.listRooms([roomName]);
    expect(parseRoomMetadata(room?.metadata)?.context.repoRoot).toBe("/srv/repos/infra");
    // No agent in this context, so no dispatch of one.
    expect(await agentDispatches(roomName)).toHaveLength(0);
  });

  it("refuses an unknown context id with BAD_REQUEST, before touching LiveKit", async () => {
    const roomName = uniqueRoom("unknown");
    const error = await errorOf(caller.livekit.join({ participantName: "Ada", roomName, context: "payments" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe('There is no onboarding context called "payments" here.');
    expect(await rooms.listRooms([roomName])).toHaveLength(0);
  });

  it("never lets a client describe a context, only name one", async () => {
    const error = await errorOf(caller.livekit.join({ participantName: "Ada", context: { id: "web", repoRoot: "/etc" } } as never));
    expect(error.code).toBe("BAD_REQUEST");
    const extra = await errorOf(caller.livekit.join({ participantName: "Ada", repoRoot: "/etc" } as never));
    expect(extra.code).toBe("BAD_REQUEST");
  });

  it("answers CONFLICT when a join names another context than the live room's, and joins it when none is named", async () => {
    const roomName = uniqueRoom("conflict");
    await caller.livekit.join({ participantName: "Mentor", roomName, context: "infra" });

    const error = await errorOf(caller.livekit.join({ participantName: "New hire", roomName, context: "web" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain('already onboarding people onto "Infrastructure"');

    const invited = await caller.livekit.join({ participantName: "New hire", roomName });
    expect(invited.roomCreated).toBe(false);
    expect(invited.context?.id).toBe("infra");
    const same = await caller.livekit.join({ participantName: "Peer", roomName, context: "infra" });
    expect(same.context?.id).toBe("infra");
  });

  it("writes metadata that round-trips through the page's validator, and the page rejects anything else", async () => {
    const roomName = uniqueRoom("roundtrip");
    const joined = await caller.livekit.join({ participantName: "Ada", roomName, context: "web" });
    const [room] = await rooms.listRooms([roomName]);
    const metadata = parseRoomMetadata(room?.metadata);
    expect(metadata).toEqual({ version: 1, context: joined.context, provisionId: expect.any(String) });

    expect(parseRoomMetadata(JSON.stringify({ ...metadata, version: 2 }))).toBeUndefined();
    expect(parseRoomMetadata(JSON.stringify({ ...metadata, context: { id: "web" } }))).toBeUndefined();
    expect(parseRoomMetadata("{not json")).toBeUndefined();
  });
});

describe("agent dispatch, exactly once", () => {
  it("dispatches the context's agent once for 10 concurrent joins of a new room, and not again later", async () => {
    const roomName = uniqueRoom("dispatch-new");
    const joins = await Promise.all(
      Array.from({ length: 10 }, (_, index) => caller.livekit.join({ participantName: `P${index}`, roomName })),
    );
    expect(joins.filter((join) => join.roomCreated)).toHaveLength(1);
    expect(await agentDispatches(roomName)).toHaveLength(1);

    await caller.livekit.join({ participantName: "Late", roomName });
    await caller.livekit.join({ participantName: "Later", roomName, context: "web" });
    expect(await agentDispatches(roomName)).toHaveLength(1);
  });

  it("dispatches once for 10 concurrent joins of a live room that lacks its agent", async () => {
    const roomName = uniqueRoom("dispatch-live");
    // A room that names its agent but was created without the dispatch (by an
    // older version of this app, or the dispatch was deleted).
    await rooms.createRoom({
      name: roomName,
      metadata: JSON.stringify({ version: 1, context: { id: "web", ...contexts.contexts.web }, provisionId: "older" }),
    });
    expect(await agentDispatches(roomName)).toHaveLength(0);

    const joins = await Promise.all(
      Array.from({ length: 10 }, (_, index) => caller.livekit.join({ participantName: `P${index}`, roomName })),
    );
    expect(joins.every((join) => !join.roomCreated)).toBe(true);
    expect(await agentDispatches(roomName)).toHaveLength(1);
    await caller.livekit.join({ participantName: "Late", roomName });
    expect(await agentDispatches(roomName)).toHaveLength(1);
  });

  it("tells the agent its context in the dispatch metadata, and carries the dispatch in the token", async () => {
    const roomName = uniqueRoom("dispatch-meta");
    const joined = await caller.livekit.join({ participantName: "Ada", roomName, context: "web" });
    const [dispatch] = await agentDispatches(roomName);
    expect(AgentDispatchMetadataV1.parse(JSON.parse(dispatch!.metadata))).toEqual({
      version: 1,
      context: { id: "web", title: "Web app", repoRoot: "/srv/repos/web" },
    });

    // If the room closes before the browser connects, LiveKit recreates it from
    // the token's roomConfig: with the agent.
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(joined.participantToken);
    const roomConfig = claims.roomConfig as { agents?: Array<{ agentName?: string; metadata?: string }> } | undefined;
    expect(roomConfig?.agents).toHaveLength(1);
    expect(roomConfig?.agents?.[0]?.agentName).toBe(GUIDE);
    expect(roomConfig?.agents?.[0]?.metadata).toBe(dispatch!.metadata);
  });

  it("dispatches nothing for a context without an agent", async () => {
    const roomName = uniqueRoom("no-agent");
    const joined = await caller.livekit.join({ participantName: "Ada", roomName, context: "infra" });
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(joined.participantToken);
    expect((claims.roomConfig as { agents?: unknown[] } | undefined)?.agents ?? []).toHaveLength(0);
    expect((await dispatches.listDispatch(roomName)).filter((dispatch) => dispatch.agentName !== "")).toHaveLength(0);
  });
});
