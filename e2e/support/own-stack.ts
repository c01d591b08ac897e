/**
 * A livekit-server and app of a test's own, for tests that stop, restart or
 * misconfigure them (the shared stack from global-setup must stay healthy).
 */
import { liveKitEnv, startApp, type AppProcess } from "../../scripts/lib/app-process";
import { startLiveKitServer, type LiveKitServer } from "../../scripts/lib/livekit-process";

export type OwnStack = { livekit: LiveKitServer; app: AppProcess; stop: () => Promise<void> };

type ExtraEnv = Record<string, string> | ((livekit: LiveKitServer) => Promise<Record<string, string>>);

/** `env` may depend on the server (its ports), for tests that put something in front of it. */
export async function startOwnStack(env: ExtraEnv = {}): Promise<OwnStack> {
  const livekit = await startLiveKitServer();
  const extra = typeof env === "function" ? await env(livekit) : env;
  const app = await startApp({ ...liveKitEnv(livekit), ...extra }).catch(async (error: unknown) => {
    await livekit.stop();
    throw error;
  });
  return {
    livekit,
    app,
    stop: async () => {
      await app.stop();
      await livekit.stop();
    },
  };
}
