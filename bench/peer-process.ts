/**
 * Builds and runs the peer (bench/peer: a minimal Next app with a meet-style
 * token route) with Next's own production server, in a process of its own,
 * as the app runs in its own.
 */
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import getPort from "get-port";
import type { Target } from "./http-load";

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");
const PEER_DIR = path.resolve("bench/peer");

export type PeerProcess = { target: Target; pid: number; stop: () => Promise<void> };

export async function startPeerProcess(livekit: { url: string; apiKey: string; apiSecret: string }): Promise<PeerProcess> {
  // The same bundler as the app's production build (scripts/build.ts).
  const build = spawnSync(process.execPath, [NEXT_BIN, "build", PEER_DIR, "--webpack"], {
    encoding: "utf8",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error(`the peer did not build:\n${build.stdout}${build.stderr}`);

  const port = await getPort({ host: "127.0.0.1" });
  const child = spawn(process.execPath, [NEXT_BIN, "start", PEER_DIR, "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the peer exited with code ${child.exitCode}`);
    const ready = await fetch(`${url}/api/connection-details`).then(
      (response) => response.status === 400,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the peer did not become ready at ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return {
    target: {
      url,
      method: "GET",
      request: (roomName) => ({ path: `/api/connection-details?roomName=${roomName}&participantName=Bench` }),
    },
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
