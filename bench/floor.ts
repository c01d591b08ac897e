/**
 * The floor: the same createRoom + AccessToken.toJwt work as a join, in
 * process, with no HTTP at all. Nothing served over HTTP can be faster. The
 * createRoom call is also timed on its own: it is the part of a cold join
 * that no token route (the peer) does.
 */
import { randomBytes } from "node:crypto";
import { AccessToken, RoomServiceClient } from "livekit-server-sdk";
import type { LoadSamples, Temperature } from "./http-load";

export async function runFloor(
  livekit: { httpUrl: string; apiKey: string; apiSecret: string },
  concurrency: number,
  temperature: Temperature,
  durationSeconds: number,
): Promise<LoadSamples & { createRoomLatencies: number[] }> {
  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  const warmRoom = `floor-warm-${randomBytes(4).toString("hex")}`;
  const latencies: number[] = [];
  const createRoomLatencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;

  async function worker() {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const roomName = temperature === "warm" ? warmRoom : `floor-cold-${randomBytes(8).toString("hex")}`;
        await rooms.createRoom({ name: roomName, emptyTimeout: 300 });
        createRoomLatencies.push(performance.now() - started);
        const token = new AccessToken(livekit.apiKey, livekit.apiSecret, {
          identity: `p_${randomBytes(12).toString("base64url")}`,
          name: "Floor",
          ttl: 600,
        });
        token.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, canPublishData: true });
        await token.toJwt();
        latencies.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, createRoomLatencies, errors, non2xx: 0, seconds: (performance.now() - started) / 1000 };
}
