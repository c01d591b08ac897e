// `npm run agent`: the guide's worker (agent/main.ts), built first (scripts/build-agent.ts, well under
// a second) and then run in this process as plain JavaScript, so that it, its job processes and their
// threads carry no TypeScript loader. Signals reach the worker directly.
import { spawnSync } from "node:child_process";

const built = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-agent.ts"], { stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);
await import("../.agent-build/main.mjs");
