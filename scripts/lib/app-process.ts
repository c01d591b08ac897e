/**
 * Running the app as a child process with a given environment, for `npm start`,
 * tests and benchmarks: the production build's own server
 * (.next/standalone/server.js, after scripts/build.ts), or `next dev` with
 * `dev: true` (its own .next/dev output; React StrictMode's double effects are
 * on there).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import path from "node:path";
import getPort from "get-port";
import { STANDALONE_SERVER } from "./build-inputs";

export type AppProcess = {
  url: string;
  port: number;
  /** The server's process: Next's standalone server, or `next dev`'s parent. */
  pid: number;
  /** Sends the server a signal, as an orchestrator would (SIGTERM to drain). */
  kill: (signal: NodeJS.Signals) => void;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Everything the process printed (stdout and stderr), for log assertions. */
  output: () => string;
  stop: () => Promise<void>;
};

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

export type AppOptions = {
  port?: number;
  dev?: boolean;
  /**
   * Send the app's output to this file instead of keeping it for output():
   * under heavy load a harness reading it through a pipe would slow the app
   * down (pino's writes block when the pipe is full).
   */
  logFile?: string;
  /** Let the app print straight to this process's terminal (npm start). */
  output?: "inherit";
  /** The address to listen on; loopback unless asked otherwise. */
  host?: string;
  /** Flags for node itself, before the server script (e.g. --cpu-prof when profiling). */
  nodeArgs?: string[];
};

export async function startApp(env: Record<string, string | undefined>, options: AppOptions = {}): Promise<AppProcess> {
  const port = options.port ?? (await getPort({ host: "127.0.0.1" }));
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const host = options.host ?? "127.0.0.1";
  const args = [
    ...(options.nodeArgs ?? []),
    ...(options.dev ? [NEXT_BIN, "dev", "-p", String(port), "-H", host] : [path.resolve(STANDALONE_SERVER)]),
  ];
  if (!options.dev && !existsSync(STANDALONE_SERVER)) throw new Error(`${STANDALONE_SERVER} is missing: run npm run build first`);
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: options.dev ? "development" : "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: host,
      ...env,
    },
    stdio:
      options.output === "inherit"
        ? "inherit"
        : options.logFile
          ? ["ignore", openSync(options.logFile, "a"), openSync(options.logFile, "a")]
          : ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  // `next dev` compiles the page on its first request, so it is asked for the page itself.
  const probe = options.dev ? `${url}/` : `${url}/api/health/live`;
  const deadline = Date.now() + (options.dev ? 120_000 : 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before it was ready:\n${output}`);
    try {
      const response = await fetch(probe, { signal: AbortSignal.timeout(options.dev ? 90_000 : 2_000) });
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
    kill: (signal) => child.kill(signal),
    exited,
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

/** Where the app on this port takes LiveKit's webhooks (server/http/livekit-webhook.ts). */
export function webhookUrl(appPort: number): string {
  return `http://127.0.0.1:${appPort}/api/livekit/webhook`;
}

/** The environment that points the app at a given LiveKit server. */
export function liveKitEnv(server: { url: string; apiKey: string; apiSecret: string }) {
  return { LIVEKIT_URL: server.url, LIVEKIT_API_KEY: server.apiKey, LIVEKIT_API_SECRET: server.apiSecret };
}
