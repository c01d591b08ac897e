/**
 * BASELINE, for benchmarks only: what the original system did, in its
 * simplest honest form. One plain node:http POST route that calls createRoom
 * and mints an AccessToken with the same SDK against the same server, with no
 * validation framework, no tRPC and no caching. The app never serves this.
 *
 *   POST /join {"participantName": "...", "roomName": "..."} → 200 {serverUrl, participantToken}
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { AccessToken, RoomServiceClient } from "livekit-server-sdk";

export type BaselineOptions = { livekitUrl: string; apiKey: string; apiSecret: string; port: number };

export function startBaselineServer(options: BaselineOptions): Promise<Server> {
  const rooms = new RoomServiceClient(options.livekitUrl.replace(/^ws/, "http"), options.apiKey, options.apiSecret);
  const server = createServer((request, response) => {
    if (request.method !== "POST" || request.url !== "/join") {
      response.writeHead(404).end();
      return;
    }
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", async () => {
      try {
        const { participantName, roomName } = JSON.parse(body) as { participantName: string; roomName: string };
        await rooms.createRoom({ name: roomName, emptyTimeout: 300 });
        const token = new AccessToken(options.apiKey, options.apiSecret, {
          identity: `p_${randomBytes(12).toString("base64url")}`,
          name: participantName,
          ttl: 600,
        });
        token.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, canPublishData: true });
        const participantToken = await token.toJwt();
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ serverUrl: options.livekitUrl, participantToken }));
      } catch {
        response.writeHead(500).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(options.port, "127.0.0.1", () => resolve(server)));
}
