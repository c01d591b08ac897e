/**
 * Running the built Next.js app (scripts/serve.mjs, as `npm start` does) as a
 * child process with a given environment, for tests and benchmarks. Requires
 * `next build` first. `dev: true` runs Next in dev mode instead (its own .next/dev output; React
 * StrictMode's double effects are on there), for the StrictMode test.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import path from "node:path";
import getPort from "get-port";

export type AppProcess = {
  url: string;
  port: number;
  /** The scripts/serve.mjs process; its tree holds the pages server (`next start`) in production. */
  pid: number;
  /** Everything the process printed (stdout and stderr), for log assertions. */
  output: () => string;
  stop: () => Promise<void>;
};

// The production entry point (Next's handler behind node:http), as `npm start` runs it.
const SERVE = path.resolve("scripts/serve.mjs");

export type AppOptions = {
  port?: number;
  dev?: boolean;
  /**
   * Send the app's output to this file instead of keeping it for output():
   * under heavy load a harness reading it through a pipe would slow the app
   * down (pino's writes block when the pipe is full).
   */
  logFile?: string;
};

export async function startApp(env: Record<string, string | undefined>, options: AppOptions = {}): Promise<AppProcess> {
  const port = options.port ?? (await getPort({ host: "127.0.0.1" }));
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [SERVE, ...(options.dev ? ["--dev"] : []), "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NODE_ENV: options.dev ? "development" : "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: options.logFile ? ["ignore", openSync(options.logFile, "a"), openSync(options.logFile, "a")] : ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  // `next dev` compiles the page on its first request.
  const deadline = Date.now() + (options.dev ? 120_000 : 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before it was ready:\n${output}`);
    try {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(options.dev ? 90_000 : 2_000) });
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL"); // never leave a half-started app behind
      throw new Error(`the app did not become ready at ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  return {
    url,
    port,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

/** The environment that points the app at a given LiveKit server. */
export function liveKitEnv(server: { url: string; apiKey: string; apiSecret: string }) {
  return { LIVEKIT_URL: server.url, LIVEKIT_API_KEY: server.apiKey, LIVEKIT_API_SECRET: server.apiSecret };
}
