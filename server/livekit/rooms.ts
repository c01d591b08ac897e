/**
 * Ensuring a room exists, idempotently and safely under races.
 *
 * LiveKit's createRoom is itself idempotent: on a live room it returns that
 * room unchanged and ignores the metadata sent. We use that twice over:
 *  - concurrent ensures of one room within this process share one in-flight
 *    RPC, so 20 simultaneous joins cost one createRoom;
 *  - every createRoom carries a fresh random `provisionId` in its metadata, so
 *    whether the returned room holds *our* nonce tells "created" from "found"
 *    exactly, even when other app instances race us.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { RoomServiceClient } from "livekit-server-sdk";
import { parseRoomMetadata, type RoomMetadata } from "./schemas";

export type RoomSpec = {
  name: string;
  context: RoomMetadata["context"];
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

export function createRoomEnsurer(client: RoomServiceClient): EnsureRoom {
  const inFlight = new Map<string, Promise<EnsuredRoom>>();

  async function provision(spec: RoomSpec): Promise<EnsuredRoom> {
    const ours: RoomMetadata = {
      version: 1,
      context: spec.context,
      provisionId: randomBytes(12).toString("base64url"),
    };
    const ourJson = JSON.stringify(ours);
    const room = await client.createRoom({
      name: spec.name,
      emptyTimeout: spec.emptyTimeoutSeconds,
      metadata: ourJson,
    });
    const metadata = parseRoomMetadata(room.metadata);
    return {
      sid: room.sid,
      created: metadata?.provisionId === ours.provisionId,
      metadata,
      metadataJson: metadata ? room.metadata : ourJson,
    };
  }

  return async function ensureRoom(spec) {
    const pending = inFlight.get(spec.name);
    if (pending) {
      // Someone in this process is already ensuring it: whatever they find, we did not create it.
      return { ...(await pending), created: false };
    }
    const attempt = provision(spec);
    inFlight.set(spec.name, attempt);
    try {
      return await attempt;
    } finally {
      inFlight.delete(spec.name);
    }
  };
}
