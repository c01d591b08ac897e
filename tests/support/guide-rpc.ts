/**
 * Calling the room's guide over LiveKit RPC as a bare participant would (the
 * code view, the map, the tour): the outcome is the parsed response and its
 * size, or the refusal's code, sentence and reason. No response or refusal
 * may hold a canary (guide-repository.ts).
 */
import { RpcError } from "@livekit/rtc-node";
import { expect } from "vitest";
import type { Person } from "../../scripts/lib/room-person";
import { CANARIES } from "./guide-repository";

export type Outcome = { ok: unknown; bytes: number } | { code: number; message: string; reason: string | undefined };

export async function callGuide(person: Person, method: string, payload: unknown): Promise<Outcome> {
  const guide = person.guides()[0];
  if (!guide) throw new Error("no guide in the room");
  try {
    const response = await person.room.localParticipant!.performRpc({
      destinationIdentity: guide.identity,
      method,
      payload: typeof payload === "string" ? payload : JSON.stringify(payload),
    });
    for (const canary of CANARIES) expect(response).not.toContain(canary);
    return { ok: JSON.parse(response), bytes: Buffer.byteLength(response) };
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
    for (const canary of CANARIES) expect(error.message).not.toContain(canary);
    return {
      code: error.code as number,
      message: error.message,
      reason: error.data ? (JSON.parse(error.data) as { reason: string }).reason : undefined,
    };
  }
}
