/**
 * `npm start`'s embedded LiveKit server: livekit-server on 127.0.0.1, with an
 * API key and a secret drawn at random for this run (never a well-known pair:
 * anyone who knows one could create rooms and point a guide anywhere), left
 * where a second `npm run agent` finds them (embedded-credentials.mjs) until
 * it stops. It posts its webhooks to the app beside it.
 */
import { randomBytes } from "node:crypto";
import { forgetCredentials, writeCredentials } from "./embedded-credentials.mjs";
import { type LiveKitServer, type LiveKitServerOptions, startLiveKitServer } from "./livekit-process";

/** LiveKit's own default ports, so its tools and docs work against it unchanged. */
export const EMBEDDED_PORTS = { port: 7880, rtcTcpPort: 7881, rtcUdpPort: 7882 };

export async function startEmbeddedLiveKit(
  options: Pick<LiveKitServerOptions, "port" | "rtcTcpPort" | "rtcUdpPort" | "output" | "webhookUrls"> = EMBEDDED_PORTS,
): Promise<LiveKitServer> {
  const livekit = await startLiveKitServer({
    ...options,
    apiKey: `onboarding-${randomBytes(6).toString("hex")}`,
    apiSecret: randomBytes(32).toString("base64url"),
  });
  writeCredentials(livekit);
  return {
    ...livekit,
    stop: async () => {
      forgetCredentials();
      await livekit.stop();
    },
  };
}
