/**
 * The code view's RPC methods (contract/code-view.ts), served by the guide to
 * everyone in its room: a file's lines, the file list, the map, and showing a
 * view to the whole room (kept in the guide's own attribute), read through the
 * knowledge layer and so through its read gate (a secret line comes back
 * blank and named in `redactedLines`; a file that holds credentials, or lies
 * outside the root, is refused).
 *
 * Requests are served as guide-rpc.ts serves every method (parsed, budgeted,
 * refused with a code and a sentence). Responses are cut to fit one RPC
 * payload, by lines and then by bytes.
 */
import type { LocalParticipant, Room } from "@livekit/rtc-node";
import {
  CODE_VIEW_MAX_RESPONSE_BYTES,
  type CodeViewError,
  type FileChunk,
  type FileList,
  LIST_FILES_METHOD,
  ListFilesRequest,
  READ_FILE_METHOD,
  ReadFileRequest,
  type SharedView,
  SHOW_METHOD,
  ShowRequest,
  VIEW_ATTRIBUTE,
} from "@/contract/code-view";
import { MAP_METHOD, MapRequest, type RepositoryMap } from "@/contract/repository-map";
import type { FileLines, RefusalCode, RepositoryKnowledge } from "../knowledge";
import { type GuideRpc, refused } from "./guide-rpc";

const REFUSAL_ERRORS: Record<RefusalCode, CodeViewError> = {
  "outside-repository": "NOT_IN_REPOSITORY",
  "not-found": "NOT_IN_REPOSITORY",
  "not-a-file": "NOT_IN_REPOSITORY",
  credentials: "HOLDS_CREDENTIALS",
  "too-large": "TOO_LARGE",
  binary: "NOT_TEXT",
  unreadable: "NOT_TEXT",
};

/** The gate's reasons are said in the guide's voice ("that file holds…"): as an error, a sentence. */
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** The longest start of `line` whose JSON takes at most `budget` bytes (escapes can double a line's size). */
function cutToFit(line: string, budget: number): string {
  let low = 0;
  let high = line.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (jsonBytes(line.slice(0, middle)) <= budget) low = middle;
    else high = middle - 1;
  }
  return line.slice(0, low).replace(/[\uD800-\uDBFF]$/, "");
}

/** As many of the chunk's lines as fit one response (at least part of the first). */
export function fitted(chunk: FileLines): FileChunk {
  let size = jsonBytes({ ...chunk, lines: [] });
  const lines: string[] = [];
  for (const line of chunk.lines) {
    const cost = jsonBytes(line) + 1;
    if (size + cost > CODE_VIEW_MAX_RESPONSE_BYTES) break;
    lines.push(line);
    size += cost;
  }
  if (lines.length === 0 && chunk.lines.length > 0) lines.push(cutToFit(chunk.lines[0]!, CODE_VIEW_MAX_RESPONSE_BYTES - size - 1));
  const endLine = chunk.startLine + lines.length - 1;
  return { ...chunk, lines, redactedLines: chunk.redactedLines.filter((line) => line <= endLine) };
}

/** One page of the sorted list, after `cursor`, as many files as fit one response. */
export function page(files: readonly string[], revision: string, cursor: string | undefined): FileList {
  const from = cursor === undefined ? 0 : files.findIndex((file) => file > cursor);
  const listed: string[] = [];
  let size = jsonBytes({ revision, files: [], next: "x".repeat(1024) });
  for (const file of from === -1 ? [] : files.slice(from)) {
    const cost = jsonBytes(file) + 1;
    if (size + cost > CODE_VIEW_MAX_RESPONSE_BYTES) break;
    listed.push(file);
    size += cost;
  }
  const last = listed.at(-1);
  const more = last !== undefined && files.at(-1) !== last;
  return { revision, files: listed, next: more ? last : null };
}

/** The map within one response: purposes go first, then the lightest arrows (the knowledge layer bounds both). */
export function fittedMap(map: RepositoryMap): RepositoryMap {
  if (jsonBytes(map) <= CODE_VIEW_MAX_RESPONSE_BYTES) return map;
  const plain = { ...map, modules: map.modules.map(({ purpose: _purpose, ...module }) => module) };
  const edges = [...plain.edges];
  while (edges.length > 0 && jsonBytes({ ...plain, edges }) > CODE_VIEW_MAX_RESPONSE_BYTES) edges.pop();
  return { ...plain, edges };
}

export function serveCodeView(rpc: GuideRpc, room: Room, knowledge: RepositoryKnowledge | undefined) {
  const local: LocalParticipant = room.localParticipant!;
  const { serve, readyRevision, log } = rpc;

  serve(READ_FILE_METHOD, ReadFileRequest, async (request) => {
    const revision = await readyRevision();
    if (request.revision !== undefined && request.revision !== revision) {
      throw refused("UNKNOWN_REVISION", `The guide has this repository at ${revision.slice(0, 12)}, not ${request.revision.slice(0, 12)}.`);
    }
    const read = await knowledge!.readFile({ path: request.path, startLine: request.startLine, endLine: request.endLine });
    if ("refused" in read) throw refused(REFUSAL_ERRORS[read.refused], sentence(read.message), read.refused);
    return fitted(read);
  });

  serve(SHOW_METHOD, ShowRequest, async (request, callerIdentity) => {
    // Anyone the server let in may steer (members and guests alike: the room is theirs), but only a person.
    const caller = rpc.person(callerIdentity, "show code to it");
    if (request === null) {
      await local.setAttributes({ [VIEW_ATTRIBUTE]: "" });
      log.info({ event: SHOW_METHOD, caller: callerIdentity, outcome: "stopped" }, "the shared view was put away");
      return null;
    }
    const revision = await readyRevision();
    // The view must be one anyone may open: the same gate, the same refusals, and lines that exist.
    const read = await knowledge!.readFile({ path: request.path, startLine: request.startLine, endLine: request.startLine });
    if ("refused" in read) throw refused(REFUSAL_ERRORS[read.refused], sentence(read.message), read.refused);
    if (request.startLine > read.totalLines || request.endLine < request.startLine) {
      throw refused("INVALID_REQUEST", `That file has ${read.totalLines} lines.`, "no-such-lines");
    }
    const view: SharedView = {
      by: caller.name || caller.identity,
      byIdentity: caller.identity,
      path: read.path,
      startLine: request.startLine,
      endLine: Math.min(request.endLine, read.totalLines),
      revision,
    };
    await local.setAttributes({ [VIEW_ATTRIBUTE]: JSON.stringify(view) });
    log.info({ event: SHOW_METHOD, caller: callerIdentity, outcome: "shown" }, "a view was shown to the room");
    return view;
  });

  serve(LIST_FILES_METHOD, ListFilesRequest, async (request) => {
    const revision = await readyRevision();
    return page(await knowledge!.listFiles(request.prefix), revision, request.cursor);
  });

  serve(MAP_METHOD, MapRequest, async () => {
    await readyRevision();
    return fittedMap(await knowledge!.map());
  });
}
