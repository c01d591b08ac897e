/**
 * BASELINE, for benchmarks only: what the original system did, in its
 * simplest honest form. One plain node:http POST route that calls createRoom
 * and mints an AccessToken with the same SDK against the same server, with no
 * validation framework, no tRPC and no caching. The app never serves this.
 *
 *   POST /join {"participantName": "...", "roomName": "..."} → 200 {serverUrl, participantToken}
 *
 * The benchmark runs it in a process of its own, as the app runs in its own
 * (bench/baseline-process.ts): `tsx bench/baseline-server.ts` with
 * LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET and PORT; it prints
 * "ready" once listening.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { pathToFileURL } from "node:url";
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
        response
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ serverUrl: options.livekitUrl, participantToken }));
      } catch {
        response.writeHead(500).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(options.port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = (name: string): string => {
    const value = process.env[name];
    if (value !== undefined) return value;
    console.error(`${name} is required`);
    process.exit(2);
  };
  await startBaselineServer({
    livekitUrl: env("LIVEKIT_URL"),
    apiKey: env("LIVEKIT_API_KEY"),
    apiSecret: env("LIVEKIT_API_SECRET"),
    port: Number(env("PORT")),
  });
  console.log("ready");
}
