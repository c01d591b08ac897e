/**
 * GET /api/connection-details?roomName=…&participantName=… → a token for that
 * room, in the shape LiveKit's meet example answers: mint only, no createRoom.
 */
import { randomBytes } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { type NextRequest, NextResponse } from "next/server";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const { LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET } = process.env;
  const roomName = request.nextUrl.searchParams.get("roomName");
  const participantName = request.nextUrl.searchParams.get("participantName");
  if (!LIVEKIT_URL || !LIVEKIT_API_KEY || !LIVEKIT_API_SECRET) return new NextResponse("Server misconfigured", { status: 500 });
  if (!roomName || !participantName) return new NextResponse("roomName and participantName are required", { status: 400 });
  const token = new AccessToken(LIVEKIT_API_KEY, LIVEKIT_API_SECRET, {
    identity: `${participantName}__${randomBytes(3).toString("hex")}`,
    name: participantName,
    ttl: "5m",
  });
  token.addGrant({ room: roomName, roomJoin: true, canPublish: true, canPublishData: true, canSubscribe: true });
  return NextResponse.json(
    { serverUrl: LIVEKIT_URL, roomName, participantName, participantToken: await token.toJwt() },
    { headers: { "cache-control": "no-store" } },
  );
}
