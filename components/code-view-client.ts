/**
 * The page's side of the guide's RPC (contract/code-view.ts,
 * repository-map.ts, tour.ts, hearing.ts): asks the room's guide for a file's lines, the
 * file list, the map and the tours, steers the shared view and the tour, asks it to listen, and
 * checks what comes back against the contract. A refusal becomes an Error whose message is the guide's
 * sentence; anything else that goes wrong, a sentence of our own.
 */
import { RpcError, type Room } from "livekit-client";
import type { z } from "zod/mini";
import {
  type FileChunk,
  FileChunk as FileChunkSchema,
  FileList,
  LIST_FILES_METHOD,
  type ListFilesRequest,
  READ_FILE_METHOD,
  type ReadFileRequest,
  SHOW_METHOD,
  type ShowRequest,
} from "@/contract/code-view";
import { LISTEN_METHOD, type ListenRequest, type ListenResponse, ListenResponse as ListenResponseSchema } from "@/contract/hearing";
import { MAP_METHOD, type MapRequest, RepositoryMap } from "@/contract/repository-map";
import { parseJson } from "@/contract/room-metadata";
import { TOUR_METHOD, type TourRequest, TourList, TourState, TOURS_METHOD } from "@/contract/tour";

/**
 * Lines asked for around a cited line: enough to read it in context, within
 * one response; more come on asking (Show earlier/later lines). 200 rather
 * than 300 halved the p95 from a click to the highlighted line (bench/code-view.ts).
 */
const BEFORE = 40;
const AFTER = 160;

/** A file and the lines to mark: `line`, or `line` to `endLine`; none when `marked` is false (a file picked from the list). */
export type CodeTarget = { path: string; line: number; endLine?: number; marked?: false };

/** The guide refused: its sentence, and its code (contract/code-view.ts CODE_VIEW_ERRORS). */
export class GuideRefusal extends Error {
  override readonly name = "GuideRefusal";
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

async function callGuide(room: Room, guideIdentity: string, method: string, request: unknown, responseTimeout?: number): Promise<string> {
  try {
    return await room.localParticipant.performRpc({
      destinationIdentity: guideIdentity,
      method,
      payload: JSON.stringify(request),
      ...(responseTimeout ? { responseTimeout } : {}),
    });
  } catch (error) {
    // The guide's refusals are sentences for a person; LiveKit's own errors are not.
    if (error instanceof RpcError && error.code >= 2000) throw new GuideRefusal(error.message, error.code);
    throw new Error("The guide did not answer. Try again in a moment.");
  }
}

/** Push-to-talk (contract/hearing.ts): `on` resolves once the guide has this person's first audio frame. */
export async function listen(room: Room, guideIdentity: string, on: boolean): Promise<ListenResponse> {
  const request: ListenRequest = { on };
  // The press waits for the guide to subscribe and hear a first frame; the release, for what it heard.
  return checked(ListenResponseSchema, await callGuide(room, guideIdentity, LISTEN_METHOD, request, 15_000));
}

/** A response as the contract says it is (not JSON, or not the schema: a sentence, not a crash). */
function checked<T>(schema: z.ZodMiniType<T>, response: string): T {
  const parsed = parseJson(schema, response);
  if (parsed === undefined) throw new Error("The guide sent something this page cannot show.");
  return parsed;
}

/** Puts this view in front of the whole room (the guide keeps it, and says who showed it). */
export async function showEveryone(room: Room, guideIdentity: string, target: CodeTarget): Promise<void> {
  const request: ShowRequest = { path: target.path, startLine: target.line, endLine: target.endLine ?? target.line };
  await callGuide(room, guideIdentity, SHOW_METHOD, request);
}

export async function readAround(room: Room, guideIdentity: string, target: CodeTarget): Promise<FileChunk> {
  const request: ReadFileRequest = { path: target.path, startLine: Math.max(1, target.line - BEFORE), endLine: target.line + AFTER };
  const response = await callGuide(room, guideIdentity, READ_FILE_METHOD, request);
  return checked(FileChunkSchema, response);
}

/**
 * Lines `from` to `to` of a file at the revision already shown, as one chunk:
 * asked again from where each response stopped (a response is cut to fit one
 * RPC payload), so that there is no gap.
 */
export async function readLines(room: Room, guideIdentity: string, file: FileChunk, from: number, to: number): Promise<FileChunk> {
  const lines: string[] = [];
  const redactedLines: number[] = [];
  let last: FileChunk | undefined;
  for (let next = from; next <= to; ) {
    const request: ReadFileRequest = { path: file.path, startLine: next, endLine: to, revision: file.revision };
    last = checked(FileChunkSchema, await callGuide(room, guideIdentity, READ_FILE_METHOD, request));
    if (last.lines.length === 0) break;
    lines.push(...last.lines);
    redactedLines.push(...last.redactedLines);
    next = last.startLine + last.lines.length;
  }
  return { ...(last ?? file), startLine: from, lines, redactedLines };
}

/** Pages through the readable files (at most `maxPages` pages, far beyond any repository the guide indexes). */
export async function listAllFiles(room: Room, guideIdentity: string, maxPages = 200): Promise<string[]> {
  const files: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const request: ListFilesRequest = cursor === undefined ? {} : { cursor };
    const page = checked(FileList, await callGuide(room, guideIdentity, LIST_FILES_METHOD, request));
    files.push(...page.files);
    if (page.next === null) break;
    cursor = page.next;
  }
  return files;
}

/** The map of the repository: modules and the imports between them, as data. */
export async function readMap(room: Room, guideIdentity: string): Promise<RepositoryMap> {
  const request: MapRequest = {};
  return checked(RepositoryMap, await callGuide(room, guideIdentity, MAP_METHOD, request));
}

/** The tours on offer: the repository's own first. */
export async function listTours(room: Room, guideIdentity: string): Promise<TourList["tours"]> {
  return checked(TourList, await callGuide(room, guideIdentity, TOURS_METHOD, {})).tours;
}

/** Starts, moves or ends the room's tour; the tour's state after, or null once it has ended. */
export async function steerTour(room: Room, guideIdentity: string, request: TourRequest): Promise<TourState | null> {
  const response = await callGuide(room, guideIdentity, TOUR_METHOD, request);
  if (response === "null") return null;
  return checked(TourState, response);
}
