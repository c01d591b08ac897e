/**
 * The wire contract of push-to-talk: a participant asks the room's guide to
 * hear one question from their microphone, over LiveKit RPC in the style of
 * the code view (contract/code-view.ts: its version, its error codes).
 *
 * - `onboarding.listen` `{ "on": true }` on press → `{ listening: true, maxSeconds }`,
 *   answered only once the guide has the caller's first audio frame, so that
 *   no first word is lost. Until then the guide hears nothing: it subscribes
 *   to no one's audio by default.
 * - `onboarding.listen` `{ "on": false }` on release → `{ listening: false, heard }`:
 *   what the guide heard (null when nothing). The guide then posts it to the
 *   chat as the person's question and answers it, as a typed one.
 *
 * The guide hears one person at a time, for at most MAX_LISTEN_SECONDS, and
 * keeps no audio. While it listens, its attribute LISTENING_ATTRIBUTE names
 * who it is hearing, so that every page can show it.
 *
 * zod/mini, as the rest of contract/: the page imports it.
 */
import { z } from "zod/mini";
import { CODE_VIEW_VERSION } from "./code-view";
import { parseJson } from "./room-metadata";

export const LISTEN_METHOD = "onboarding.listen";
export const LISTENING_ATTRIBUTE = "onboarding.listening";
/** The longest question the guide listens to: past it, it stops and keeps nothing. */
export const MAX_LISTEN_SECONDS = 20;

const Version = z.optional(z.literal(CODE_VIEW_VERSION, { error: `This guide speaks version ${CODE_VIEW_VERSION} of its methods` }));

export const ListenRequest = z.strictObject({ version: Version, on: z.boolean() });
export type ListenRequest = z.infer<typeof ListenRequest>;

export const ListenResponse = z.union([
  z.object({ listening: z.literal(true), maxSeconds: z.int() }),
  z.object({ listening: z.literal(false), heard: z.nullable(z.string()) }),
]);
export type ListenResponse = z.infer<typeof ListenResponse>;

/** Who the guide is hearing, in its attributes (empty when nobody). */
export const Listening = z.object({ identity: z.string(), name: z.string() });
export type Listening = z.infer<typeof Listening>;

export function parseListening(attribute: string | undefined): Listening | undefined {
  return parseJson(Listening, attribute);
}
