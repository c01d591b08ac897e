/**
 * Ensuring a room exists (and its agent is dispatched), idempotently and safely
 * under races.
 *
 * LiveKit's createRoom is itself idempotent: on a live room it returns that
 * room unchanged and ignores the metadata and agents sent. We use that twice over:
 *  - concurrent ensures of one room within this process share one in-flight
 *    attempt, so 20 simultaneous joins cost one createRoom (and at most one
 *    dispatch check): ensuring is serialized per room;
 *  - every createRoom carries a fresh random `provisionId` in its metadata, so
 *    whether the returned room holds *our* nonce tells "created" from "found"
 *    exactly, even when other app instances race us.
 *
 * Agent dispatch, exactly once: a room we create gets its agent through
 * createRoom's `agents`, atomically with the room. A room we find gets it
 * through listDispatch, then createDispatch only when that agent is missing.
 *
 * Across app replicas: LiveKit picks a new room's node outside its own room
 * lock, so two replicas whose first createRoom calls reach two nodes at once
 * could both create the room (and both dispatch to it). With REDIS_URL the
 * replicas share a lock per room around createRoom and the dispatch check
 * (server/coordination.ts), so one of them creates and the other finds.
 *
 * Recently ensured rooms: a room ensured in the last `recentMs` is not asked
 * for again; its last result is reused (as "found"). That is safe only because
 * every token carries the room's configuration (metadata, empty timeout,
 * agents): if the room closed in between, the browser's connect recreates it
 * exactly as createRoom would have. The reused `sid` can then be stale. The
 * memory is an LRU cache with a TTL: never more than `maxRecent` rooms, and
 * none older than the window. A room LiveKit reports finished (its webhook,
 * server/livekit/webhook-events.ts) is forgotten at once: otherwise a member
 * reopening its name inside the window would get the ended session back,
 * and with it its invites.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { RoomAgentDispatch, type AgentDispatchClient, type RoomServiceClient } from "livekit-server-sdk";
import { LRUCache } from "lru-cache";
import { parseRoomMetadata, type AgentDispatchMetadata, type RoomContext, type RoomMetadata } from "@/contract/room-metadata";

export type RoomSpec = {
  name: string;
  /** The context a new room gets. A live room keeps its own. */
  context: RoomContext;
  emptyTimeoutSeconds: number;
};

export type EnsuredRoom = {
  sid: string;
  created: boolean;
  /** The room's metadata if it is ours; undefined for a room created by something else. */
  metadata: RoomMetadata | undefined;
  /** The metadata string to carry in tokens, so a recreated room gets the same context. */
  metadataJson: string;
};

export type EnsureRoom = (spec: RoomSpec) => Promise<EnsuredRoom>;

export type RoomEnsurer = {
  ensure: EnsureRoom;
  /** The room has ended: the next ensure asks LiveKit. */
  forget: (roomName: string) => void;
};

export type EnsurerOptions = {
  /** How long a successful ensure is reused; 0 asks LiveKit every time. */
  recentMs: number;
  /** At most this many rooms are remembered (oldest forgotten first), so memory stays bounded. */
  maxRecent?: number;
  /** The clock, in milliseconds (tests move it by hand). */
  now?: () => number;
  /** Runs the first createRoom (and dispatch check) of a room holding the replicas' lock for it. */
  withRoomLock?: <T>(roomName: string, work: () => Promise<T>) => Promise<T>;
};

/** What the agent is told when it is dispatched: the context it onboards people onto. */
export function dispatchMetadata(context: RoomContext): string {
  const metadata: AgentDispatchMetadata = {
    version: 1,
    context: { id: context.id, title: context.title, repoRoot: context.repoRoot },
  };
  return JSON.stringify(metadata);
}

/** The agents a room with this context starts with (for createRoom and the token's roomConfig). */
export function roomAgents(context: RoomContext | undefined): RoomAgentDispatch[] {
  if (!context?.agentName) return [];
  return [new RoomAgentDispatch({ agentName: context.agentName, metadata: dispatchMetadata(context) })];
}

/** A live room as a join that may not create one sees it; undefined when there is none. */
export async function findRoom(rooms: RoomServiceClient, name: string): Promise<EnsuredRoom | undefined> {
  const [room] = await rooms.listRooms([name]);
  if (!room) return undefined;
  const metadata = parseRoomMetadata(room.metadata);
  return { sid: room.sid, created: false, metadata, metadataJson: metadata ? room.metadata : "" };
}

export function createRoomEnsurer(
  rooms: RoomServiceClient,
  dispatches: AgentDispatchClient,
  { recentMs, maxRecent = 10_000, now = () => performance.now(), withRoomLock = (_room, work) => work() }: EnsurerOptions,
): RoomEnsurer {
  const inFlight = new Map<string, Promise<EnsuredRoom>>();
  const recent =
    recentMs > 0 ? new LRUCache<string, EnsuredRoom>({ max: maxRecent, ttl: recentMs, ttlResolution: 0, perf: { now } }) : undefined;

  async function ensureAgentDispatched(roomName: string, context: RoomContext): Promise<void> {
    if (!context.agentName) return;
    const existing = await dispatches.listDispatch(roomName);
    if (existing.some((dispatch) => dispatch.agentName === context.agentName)) return;
    await dispatches.createDispatch(roomName, context.agentName, { metadata: dispatchMetadata(context) });
  }

  async function provision(spec: RoomSpec): Promise<EnsuredRoom> {
    const ours: RoomMetadata = {
      version: 1,
      context: spec.context,
      provisionId: randomBytes(12).toString("base64url"),
    };
    const ourJson = JSON.stringify(ours);
    const room = await rooms.createRoom({
      name: spec.name,
      emptyTimeout: spec.emptyTimeoutSeconds,
      metadata: ourJson,
      agents: roomAgents(spec.context),
    });
    const metadata = parseRoomMetadata(room.metadata);
    const created = metadata?.provisionId === ours.provisionId;
    // A found room may predate its context's agent, or have lost its dispatch:
    // its own context (not the one asked for) says which agent it should have.
    if (!created && metadata) await ensureAgentDispatched(spec.name, metadata.context);
    return { sid: room.sid, created, metadata, metadataJson: metadata ? room.metadata : ourJson };
  }

  async function ensure(spec: RoomSpec): Promise<EnsuredRoom> {
    const known = recent?.get(spec.name);
    if (known) return { ...known, created: false };
    const pending = inFlight.get(spec.name);
    if (pending) {
      // Someone in this process is already ensuring it: whatever they find, we did not create it.
      return { ...(await pending), created: false };
    }
    const attempt = withRoomLock(spec.name, () => provision(spec));
    inFlight.set(spec.name, attempt);
    try {
      const room = await attempt;
      recent?.set(spec.name, room);
      return room;
    } finally {
      inFlight.delete(spec.name);
    }
  }

  return { ensure, forget: (roomName) => void recent?.delete(roomName) };
}
