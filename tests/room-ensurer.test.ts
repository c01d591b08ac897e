/**
 * The "recently ensured" memory of the room ensurer (server/livekit/rooms.ts),
 * against the real livekit-server: a room ensured moments ago is not asked
 * for again, and the memory forgets by age and by its cap. The clock is moved
 * by hand; whether LiveKit was asked shows on the server (a room deleted
 * there comes back only if the ensurer called createRoom).
 */
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { createRoomEnsurer } from "@/server/livekit/rooms";

const livekit = inject("livekit");
const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
const dispatches = new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
const context = { id: "default", title: "Onboarding", repoRoot: "/srv/repo" };
const spec = (label: string) => ({ name: `${label}-${randomBytes(6).toString("hex")}`, context, emptyTimeoutSeconds: 60 });

async function liveOnServer(name: string): Promise<boolean> {
  return (await rooms.listRooms([name])).length > 0;
}

describe("the recently ensured memory", () => {
  it("answers from memory within the window and asks LiveKit again after it", async () => {
    let clock = 50_000;
    const { ensure } = createRoomEnsurer(rooms, dispatches, { recentMs: 1_000, now: () => clock });
    const room = spec("recent");
    expect((await ensure(room)).created).toBe(true);
    await rooms.deleteRoom(room.name);

    clock += 1_000;
    expect((await ensure(room)).created).toBe(false);
    expect(await liveOnServer(room.name)).toBe(false); // not asked

    clock += 1;
    expect((await ensure(room)).created).toBe(true);
    expect(await liveOnServer(room.name)).toBe(true);
  });

  it("forgets the oldest rooms beyond its cap", async () => {
    const { ensure } = createRoomEnsurer(rooms, dispatches, { recentMs: 60_000, maxRecent: 2, now: () => 50_000 });
    const [first, second, third] = [spec("cap-a"), spec("cap-b"), spec("cap-c")];
    for (const room of [first, second, third]) await ensure(room);
    await Promise.all([first, second].map((room) => rooms.deleteRoom(room.name)));

    expect((await ensure(second)).created).toBe(false); // still remembered
    expect((await ensure(first)).created).toBe(true); // forgotten: created again
  });
});
