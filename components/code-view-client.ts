/**
 * The page's side of the code view's RPC (contract/code-view.ts): asks the
 * room's guide for a file's lines and checks what comes back against the
 * contract. A refusal becomes an Error whose message is the guide's
 * sentence; anything else that goes wrong, a sentence of our own.
 */
import { RpcError, type Room } from "livekit-client";
import { type FileChunk, FileChunk as FileChunkSchema, READ_FILE_METHOD, type ReadFileRequest } from "@/contract/code-view";

/** Lines asked for around a cited line: enough to read it in context, within one response. */
const BEFORE = 60;
const AFTER = 240;

export type CodeTarget = { path: string; line: number };

export async function readAround(room: Room, guideIdentity: string, target: CodeTarget): Promise<FileChunk> {
  const request: ReadFileRequest = { path: target.path, startLine: Math.max(1, target.line - BEFORE), endLine: target.line + AFTER };
  let response: string;
  try {
    response = await room.localParticipant.performRpc({
      destinationIdentity: guideIdentity,
      method: READ_FILE_METHOD,
      payload: JSON.stringify(request),
    });
  } catch (error) {
    if (error instanceof RpcError && error.code >= 2000) throw new Error(error.message);
    throw new Error("The guide did not answer. Try again in a moment.");
  }
  const parsed = FileChunkSchema.safeParse(JSON.parse(response));
  if (!parsed.success) throw new Error("The guide sent something this page cannot show.");
  return parsed.data;
}
