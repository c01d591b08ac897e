/**
 * `npm start` (the production build) and `npm run dev` (`next dev`), with
 * LiveKit and the guide embedded by default: when LIVEKIT_URL is unset, a
 * local livekit-server runs beside the app (ws://127.0.0.1:7880, with a key
 * and secret drawn for this run: scripts/lib/embedded-livekit.ts), and so
 * does the guide's worker (agent/main.ts), reading the same contexts as the
 * app; all stop together. When LIVEKIT_URL is set, only the app starts,
 * against that server; the guide runs on its own there (`npm run agent`).
 */
import path from "node:path";
import getPort from "get-port";
import { liveKitEnv, startApp, type AppProcess, webhookUrl } from "./lib/app-process";
import { buildAgent } from "./lib/agent-build";
import { type GuideWorker, startGuideWorker } from "./lib/guide-process";
import { EMBEDDED_PORTS, startEmbeddedLiveKit } from "./lib/embedded-livekit";
import type { LiveKitServer } from "./lib/livekit-process";

const dev = process.argv.includes("--dev");
const appPort = Number(process.env.PORT || 3000);
const host = process.env.HOST || "127.0.0.1";

let livekit: LiveKitServer | undefined;
let app: AppProcess | undefined;
let guide: GuideWorker | undefined;
/** What the app and the guide both read: the production server runs from .next/standalone, so the default repository is named. */
const contexts: Record<string, string | undefined> = {
  ONBOARDING_REPO_ROOT:
    process.env.ONBOARDING_CONTEXTS || process.env.ONBOARDING_CONTEXTS_FILE
      ? undefined
      : (process.env.ONBOARDING_REPO_ROOT ?? path.resolve(".")),
};
const env: Record<string, string | undefined> = { ...contexts };

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await app?.stop();
  await guide?.stop();
  await livekit?.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));

if (!process.env.LIVEKIT_URL) {
  if ((await getPort({ host: "127.0.0.1", port: EMBEDDED_PORTS.port })) !== EMBEDDED_PORTS.port) {
    console.error(
      `Port ${EMBEDDED_PORTS.port} is already in use, so the embedded LiveKit server cannot start.\n` +
        "Stop whatever holds it, or point the app at a running server with LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.",
    );
    process.exit(1);
  }
  livekit = await startEmbeddedLiveKit({ ...EMBEDDED_PORTS, output: "inherit", webhookUrls: [webhookUrl(appPort)] });
  Object.assign(env, liveKitEnv(livekit));
  console.log(`[livekit] embedded server on ${livekit.url}, with a key and secret drawn for this run (npm run agent finds them)`);
} else {
  console.log(`[livekit] using ${process.env.LIVEKIT_URL}`);
}

if (livekit) {
  // npm start's build (scripts/build.ts) has built the guide; npm run dev builds nothing before this.
  if (dev) await buildAgent();
  guide = await startGuideWorker({ ...liveKitEnv(livekit), ...contexts }, { output: "inherit" });
  console.log("[guide] the onboarding guide is running beside the app");
  void guide.exited.then((code) => {
    if (!stopping) console.error(`[guide] the guide worker stopped (code ${code}); sessions go on without a guide`);
  });
}

try {
  app = await startApp(env, { port: appPort, host, dev, output: "inherit" });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
console.log(`[app] open http://${host === "127.0.0.1" ? "localhost" : host}:${appPort}`);
void app?.exited.then((code) => shutdown(code ?? 0));
