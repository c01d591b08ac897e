/**
 * Which repository this room is about: read from the dispatch's metadata, or
 * else the room's, with the same versioned schemas the server writes them
 * with (contract/room-metadata.ts), and checked against the roots this
 * guide's worker was configured for (agent/config.ts). Anything else becomes
 * a reason the guide can say in the chat; no reason names a path.
 */
import path from "node:path";
import { AgentDispatchMetadataV1, type RoomContext, RoomMetadataV1 } from "@/contract/room-metadata";

export type GuideContext = Pick<RoomContext, "id" | "title" | "repoRoot">;
export type ContextReading = { ok: true; context: GuideContext } | { ok: false; reason: string; title?: string };

const KNOWN_VERSION = 1;

function read(raw: string | undefined, schema: typeof AgentDispatchMetadataV1 | typeof RoomMetadataV1): ContextReading | undefined {
  if (!raw?.trim()) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "the room's description is not valid JSON" };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === "number" && version !== KNOWN_VERSION) {
    return {
      ok: false,
      reason: `the room was described by a newer version of Onboarding Rooms (version ${version}; this guide reads version ${KNOWN_VERSION})`,
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(top level)"))].join(", ");
    return { ok: false, reason: `the room's description is incomplete or malformed (${fields})` };
  }
  const { id, title, repoRoot } = parsed.data.context;
  return { ok: true, context: { id, title, repoRoot } };
}

/** The context from the dispatch metadata first (it is the guide's own), then from the room metadata. */
function described(dispatchMetadata: string | undefined, roomMetadata: string | undefined): ContextReading {
  const fromDispatch = read(dispatchMetadata, AgentDispatchMetadataV1);
  if (fromDispatch?.ok) return fromDispatch;
  const fromRoom = read(roomMetadata, RoomMetadataV1);
  if (fromRoom?.ok) return fromRoom;
  return fromDispatch ?? fromRoom ?? { ok: false, reason: "the room does not say which repository it is about" };
}

/**
 * The room's context, refused when its repo root is not one of
 * `allowedRoots`. They are compared as resolved paths, so nothing on disk is
 * touched for a root this guide may not read; and the root the guide then
 * reads is the configured one, never the room's own string (which
 * `path.resolve` would have read as text: `allowed/link/..` names the
 * allowed root there, but wherever `link` points on disk).
 */
export function readContext(
  dispatchMetadata: string | undefined,
  roomMetadata: string | undefined,
  allowedRoots: readonly string[],
): ContextReading {
  const reading = described(dispatchMetadata, roomMetadata);
  if (!reading.ok) return reading;
  const allowed = allowedRoots.find((root) => root === path.resolve(reading.context.repoRoot));
  if (allowed !== undefined) return { ok: true, context: { ...reading.context, repoRoot: allowed } };
  return {
    ok: false,
    reason: "this guide is not allowed to read that repository (its worker is not configured for it)",
    title: reading.context.title,
  };
}

/** The guide's display name in a room: named after what it onboards people onto. */
export function guideName(reading: ContextReading): string {
  const title = reading.ok ? reading.context.title : reading.title;
  if (!title) return "Onboarding guide";
  return /guide$/i.test(title) ? title.slice(0, 64) : `${title.slice(0, 58)} guide`;
}
