/**
 * `npm start` (production build) and `npm run dev` (Next in dev mode), with LiveKit
 * embedded by default: when LIVEKIT_URL is unset, a local livekit-server runs
 * in dev mode beside the app (ws://127.0.0.1:7880, devkey/secret) and stops
 * with it. When LIVEKIT_URL is set, nothing is started and that server is used.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import getPort from "get-port";
import { startLiveKitServer, type LiveKitServer } from "./lib/livekit-process";

const dev = process.argv.includes("--dev");
const appPort = Number(process.env.PORT || 3000);
const host = process.env.HOST || "127.0.0.1";
const DEV_PORTS = { port: 7880, rtcTcpPort: 7881, rtcUdpPort: 7882 };

let livekit: LiveKitServer | undefined;
const env = { ...process.env };

if (!env.LIVEKIT_URL) {
  if ((await getPort({ host: "127.0.0.1", port: DEV_PORTS.port })) !== DEV_PORTS.port) {
    console.error(
      `Port ${DEV_PORTS.port} is already in use, so the embedded LiveKit server cannot start.\n` +
        `Stop whatever holds it, or point the app at a running server with LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.`,
    );
    process.exit(1);
  }
  livekit = await startLiveKitServer({ ...DEV_PORTS, dev: true, apiKey: "devkey", apiSecret: "secret", output: "inherit" });
  Object.assign(env, { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret });
  console.log(`[livekit] embedded dev server on ${livekit.url} (key devkey)`);
} else {
  console.log(`[livekit] using ${env.LIVEKIT_URL}`);
}

// scripts/serve.mjs wraps Next's handler: it records the client's address and refuses oversized bodies early.
const app = spawn(process.execPath, [path.resolve("scripts/serve.mjs"), ...(dev ? ["--dev"] : []), "-p", String(appPort), "-H", host], {
  env: { ...env, NODE_ENV: dev ? "development" : "production" },
  stdio: "inherit",
});
console.log(`[app] open http://${host === "127.0.0.1" ? "localhost" : host}:${appPort}`);

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null) app.kill("SIGTERM");
  await livekit?.stop();
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
app.on("exit", (code) => void shutdown(code ?? 0));
