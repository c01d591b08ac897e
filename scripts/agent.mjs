// `npm run agent`: the guide's worker (agent/main.ts), built first (scripts/build-agent.ts, well under
// a second) and then run in this process as plain JavaScript, so that it, its job processes and their
// threads carry no TypeScript loader. Signals reach the worker directly. With no LIVEKIT_URL set, it
// joins the LiveKit server a running `npm start` embedded, with the key and secret drawn for that run.
import { spawnSync } from "node:child_process";
import { readCredentials } from "./lib/embedded-credentials.mjs";

const built = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-agent.ts"], { stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);
// Only when no LiveKit is named at all: a key or secret of the user's own is never replaced.
if (!process.env.LIVEKIT_URL && !process.env.LIVEKIT_API_KEY && !process.env.LIVEKIT_API_SECRET) {
  const embedded = readCredentials();
  if (embedded) {
    Object.assign(process.env, embedded);
    console.error(`[agent] using the LiveKit server npm start embedded, at ${embedded.LIVEKIT_URL}`);
  }
}
await import("../.agent-build/main.mjs");
