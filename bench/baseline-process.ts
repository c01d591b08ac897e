/**
 * Runs the baseline server (bench/baseline-server.ts) as a child process, so
 * that it has a thread of its own as the app does, rather than sharing one
 * with the load generator.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import getPort from "get-port";

export type BaselineProcess = { url: string; pid: number; stop: () => Promise<void> };

export async function startBaselineProcess(livekit: { url: string; apiKey: string; apiSecret: string }): Promise<BaselineProcess> {
  const port = await getPort({ host: "127.0.0.1" });
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("bench/baseline-server.ts")], {
    env: {
      ...process.env,
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const ready = new Promise<void>((resolve) =>
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()),
  );
  await Promise.race([ready, exited.then(([code]) => Promise.reject(new Error(`the baseline server exited with code ${code}`)))]);
  return {
    url: `http://127.0.0.1:${port}/join`,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
