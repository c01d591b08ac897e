/**
 * What a room is about, as the server writes it and the page and the guide
 * read it: the onboarding context, in the room's metadata and in the guide's
 * dispatch metadata. One versioned schema for all three sides.
 *
 * Shared by the browser, the server and the agent, so it holds no secrets and
 * no Node APIs. Written with zod/mini, which the page can afford: the same
 * schemas, a fraction of the bytes of zod's chained API.
 */
import { z } from "zod/mini";

/** A context id, as named in the deployment's configuration and by clients. */
export const ContextId = z
  .string({ error: "Context ids are text" })
  .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "Context ids are 1–32 lowercase letters, digits, '-' or '_'"));

/** An agent's name as registered with LiveKit's agent workers. */
export const AgentName = z
  .string({ error: "Agent names are text" })
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "Agent names are 1–64 letters, digits, '.', '-' or '_'"));

/** The name the guide registers under, and that a deployment's default context dispatches. */
export const DEFAULT_GUIDE_NAME = "onboarding-guide";

/** The longest context title a deployment may configure. */
export const CONTEXT_TITLE_MAX = 120;
/** The longest repo root path a deployment may configure. */
export const REPO_ROOT_MAX = 1024;

/** What a room is onboarding people onto. Only the server ever fills one in. */
export const RoomContext = z.object({
  id: ContextId,
  title: z.string().check(z.minLength(1), z.maxLength(CONTEXT_TITLE_MAX)),
  repoRoot: z.string().check(z.minLength(1), z.maxLength(REPO_ROOT_MAX)),
  /** The agent LiveKit dispatches to the room, when the context has one. */
  agentName: z.optional(AgentName),
});
export type RoomContext = z.infer<typeof RoomContext>;

/** A session: one life of a room, from the join that created it until it closes. */
export const SessionId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, "Session ids are 1–64 letters, digits, '-' or '_'"));

/**
 * Room metadata, version 1: what an agent reads to know what it is onboarding
 * someone onto. `provisionId` is a random nonce written by the join that created
 * the room; it lets that join tell "created" from "found" with one RPC, and
 * it names the session: a room reopened under the same name gets a new one,
 * so invites to the old session stop working.
 */
export const RoomMetadataV1 = z.object({
  version: z.literal(1),
  context: RoomContext,
  provisionId: SessionId,
});
export type RoomMetadata = z.infer<typeof RoomMetadataV1>;

/**
 * The metadata of an agent dispatch: the agent reads what it onboards someone
 * onto from here (or from the room metadata, which holds the same context).
 */
export const AgentDispatchMetadataV1 = z.object({
  version: z.literal(1),
  context: z.pick(RoomContext, { id: true, title: true, repoRoot: true }),
});
export type AgentDispatchMetadata = z.infer<typeof AgentDispatchMetadataV1>;

/** Parses a JSON document against a schema; undefined for anything else (not JSON, not ours). */
export function parseJson<T>(schema: z.ZodMiniType<T>, raw: string | undefined | null): T | undefined {
  if (!raw) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** Room metadata as read from LiveKit; undefined for anything that is not ours. */
export function parseRoomMetadata(raw: string | undefined | null): RoomMetadata | undefined {
  return parseJson(RoomMetadataV1, raw);
}
