/**
 * The wire contract of the code view: how any participant (the page, a CLI,
 * an editor plugin) asks the room's guide for the repository's text, over
 * LiveKit RPC (`performRpc` to the guide's identity, JSON payloads). The
 * guide reads through its read gate; the app server never reads the
 * repository, and neither does the page.
 *
 * Version 1. Requests may name `version` (1 when absent); a guide that does
 * not speak the asked-for version refuses with INVALID_REQUEST.
 *
 * Every response fits one RPC payload (LiveKit's limit is 15 KiB): a file
 * comes a chunk at a time (by lines and by bytes), the file list a page at a
 * time. Refusals are RPC errors whose `code` is one of CODE_VIEW_ERRORS, whose
 * message is a sentence for a person, and whose `data` is `{ "reason": … }`.
 *
 * zod/mini, as the rest of contract/: the page imports it.
 */
import { z } from "zod/mini";
import { parseJson } from "./room-metadata";

export const CODE_VIEW_VERSION = 1;

export const READ_FILE_METHOD = "onboarding.readFile";
export const LIST_FILES_METHOD = "onboarding.listFiles";

/** The most a response's JSON may take: under LiveKit's 15 KiB RPC payload limit, with room to spare. */
export const CODE_VIEW_MAX_RESPONSE_BYTES = 14 * 1024;

const Version = z.optional(z.literal(CODE_VIEW_VERSION, { error: `This guide speaks version ${CODE_VIEW_VERSION} of the code view` }));
const LineNumber = z.int().check(z.minimum(1, "Line numbers start at 1"), z.maximum(10_000_000));
/** A path relative to the repository root, as the guide's pointers name files. */
const RepoPath = z.string().check(z.minLength(1, "Name a file"), z.maxLength(1024, "That path is too long"));

export const ReadFileRequest = z.strictObject({
  version: Version,
  path: RepoPath,
  startLine: z.optional(LineNumber),
  endLine: z.optional(LineNumber),
  /** The revision the caller expects (a pointer's); refused when the guide's index is at another. */
  revision: z.optional(z.string().check(z.maxLength(128))),
});
export type ReadFileRequest = z.infer<typeof ReadFileRequest>;

export const FileChunk = z.object({
  path: z.string(),
  /** The revision the repository was indexed at. */
  revision: z.string(),
  language: z.optional(z.string()),
  startLine: z.int(),
  /** The lines from startLine on, as many as one response holds; a redacted line is empty. */
  lines: z.array(z.string()),
  /** Line numbers (1-based) among these that the read gate blanked because they hold a secret. */
  redactedLines: z.array(z.int()),
  totalLines: z.int(),
  /** True when the file changed on disk after the guide read the repository: the guide's pointers into it may have moved. */
  changedSinceIndexed: z.optional(z.boolean()),
});
export type FileChunk = z.infer<typeof FileChunk>;

export const ListFilesRequest = z.strictObject({
  version: Version,
  /** A folder prefix (`services/api/`); every readable file when absent. */
  prefix: z.optional(z.string().check(z.maxLength(1024))),
  /** The `next` of the previous page. */
  cursor: z.optional(z.string().check(z.maxLength(1024))),
});
export type ListFilesRequest = z.infer<typeof ListFilesRequest>;

export const FileList = z.object({
  revision: z.string(),
  /** Readable files, sorted, relative to the root. */
  files: z.array(z.string()),
  /** The cursor of the next page; null on the last. */
  next: z.nullable(z.string()),
});
export type FileList = z.infer<typeof FileList>;

/** The guide's RPC error codes, for every method (LiveKit reserves 1001–1999 for its own). */
export const CODE_VIEW_ERRORS = {
  INVALID_REQUEST: 2001,
  NOT_IN_REPOSITORY: 2002,
  HOLDS_CREDENTIALS: 2003,
  TOO_LARGE: 2004,
  NOT_TEXT: 2005,
  UNKNOWN_REVISION: 2006,
  TOO_MANY_REQUESTS: 2007,
  NOT_READY: 2008,
  // Push-to-talk (contract/hearing.ts).
  NO_MICROPHONE: 2009,
  MICROPHONE_MUTED: 2010,
  SOMEONE_ELSE_ASKING: 2011,
  NOT_LISTENING: 2012,
  CANNOT_HEAR: 2013,
} as const;
export type CodeViewError = keyof typeof CODE_VIEW_ERRORS;

/**
 * Showing everyone: a participant asks the guide to put a view (a file's
 * lines) in front of the whole room, or `null` to stop. The guide keeps the
 * one shared view, in its own attribute VIEW_ATTRIBUTE (participants' tokens
 * cannot set their attributes), and says who is showing.
 */
export const SHOW_METHOD = "onboarding.show";
export const VIEW_ATTRIBUTE = "onboarding.view";

export const ShowRequest = z.nullable(
  z.strictObject({
    version: Version,
    path: RepoPath,
    startLine: LineNumber,
    endLine: LineNumber,
  }),
);
export type ShowRequest = z.infer<typeof ShowRequest>;

export const SharedView = z.object({
  /** The display name of who is showing, and their identity. */
  by: z.string(),
  byIdentity: z.string(),
  path: z.string(),
  startLine: z.int(),
  endLine: z.int(),
  revision: z.string(),
});
export type SharedView = z.infer<typeof SharedView>;

/** The shared view in the guide's attributes; undefined when nothing is shown (or the value is not one). */
export function parseSharedView(attribute: string | undefined): SharedView | undefined {
  return parseJson(SharedView, attribute);
}
