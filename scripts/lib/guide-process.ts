/**
 * Running the guide's worker, built (.agent-build/main.mjs, as `npm run agent`
 * runs it), as a child process, for `npm start`, tests and the evaluation. It is started in
 * a process group of its own, so that `crash()` can take it down with its job
 * processes at once, as a machine failure would.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { AGENT_MAIN } from "./agent-build";
import { liveKitEnv } from "./app-process";

export type GuideWorker = {
  pid: number;
  /** Everything the worker (and its jobs) printed. */
  output: () => string;
  /** Stops it the way an operator would (SIGTERM: it drains, then exits). */
  stop: () => Promise<void>;
  /** Kills the worker and its job processes at once (SIGKILL to the group). */
  crash: () => Promise<void>;
  exited: Promise<number | null>;
};

export type GuideWorkerOptions = {
  /** Flags for node itself. */
  nodeArgs?: string[];
  /** A program the worker runs under, with its arguments (e.g. strace, to record every connection it makes). */
  wrapper?: string[];
  output?: "inherit" | { file: string };
  /** Wait for the worker to register with LiveKit before returning (default true). */
  waitForRegistration?: boolean;
};

const MAIN = path.resolve(AGENT_MAIN);

/** The onboarding contexts a worker may read, named as the app names them: inline JSON, or one repo root. */
export type WorkerContexts = { ONBOARDING_CONTEXTS: string } | { ONBOARDING_REPO_ROOT: string };

/**
 * The environment of a worker that serves one LiveKit server under its own
 * agent name, with its own index cache, reading only the repositories of the
 * contexts it is given.
 */
export function guideWorkerEnv(
  livekit: { url: string; apiKey: string; apiSecret: string },
  agentName: string,
  cacheDir: string,
  contexts: WorkerContexts,
) {
  return {
    ...liveKitEnv(livekit),
    ...contexts,
    ONBOARDING_AGENT_NAME: agentName,
    GUIDE_CACHE_DIR: cacheDir,
  };
}

export async function startGuideWorker(env: Record<string, string | undefined>, options: GuideWorkerOptions = {}): Promise<GuideWorker> {
  if (!existsSync(MAIN)) throw new Error(`${AGENT_MAIN} is missing: run npm run build (or npm run build:agent) first`);
  let output = "";
  const toFile = typeof options.output === "object";
  const stdio = toFile
    ? ([
        "ignore",
        openSync((options.output as { file: string }).file, "a"),
        openSync((options.output as { file: string }).file, "a"),
      ] as const)
    : (["ignore", "pipe", "pipe"] as const);
  const command = [...(options.wrapper ?? []), process.execPath, ...(options.nodeArgs ?? []), MAIN];
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, ...env },
    stdio: [...stdio],
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (options.output === "inherit") process.stdout.write(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (options.output === "inherit") process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };

  const current = () => (toFile ? readFileSync((options.output as { file: string }).file, "utf8") : output);
  if (options.waitForRegistration ?? true) {
    const deadline = Date.now() + 60_000;
    while (!current().includes("the guide is ready for rooms")) {
      if (child.exitCode !== null) throw new Error(`the guide worker exited with code ${child.exitCode}:\n${current()}`);
      if (Date.now() > deadline) {
        killGroup("SIGKILL");
        throw new Error(`the guide worker did not register:\n${current()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    pid: child.pid!,
    output: current,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const force = setTimeout(() => killGroup("SIGKILL"), 15_000);
      await exited;
      clearTimeout(force);
      killGroup("SIGKILL"); // any job process the framework left behind
    },
    crash: async () => {
      killGroup("SIGKILL");
      await exited;
    },
  };
}
