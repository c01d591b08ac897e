/**
 * Finding (or building) a livekit-server binary.
 *
 * Order: $LIVEKIT_SERVER_BIN, then `livekit-server` on PATH, then a cached
 * build, then `go install` into that cache. The cache lives outside the repo,
 * keyed by version, so fresh clones and CI on the same machine share one build.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const LIVEKIT_SERVER_VERSION = "v1.13.5";
// Tried in order if the module proxy refuses the pinned version.
const FALLBACK_VERSIONS = ["v1.13.4", "v1.13.3", "v1.13.2", "v1.13.1", "v1.13.0", "v1.12.0"];
const MODULE = "github.com/livekit/livekit-server/cmd/server";

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache");
  return path.join(base, "onboarding-rooms", "livekit-server");
}

const cachedBinary = (version: string) => path.join(cacheRoot(), version, "server");

async function onPath(): Promise<string | undefined> {
  try {
    const { stdout } = await run("sh", ["-c", "command -v livekit-server"]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

async function findGo(): Promise<string | undefined> {
  for (const candidate of ["go", "/usr/local/go/bin/go"]) {
    try {
      await run(candidate, ["version"]);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

const INSTALL_HELP = `livekit-server was not found and Go is not available to build it.
Install it one of these ways, then run the command again:
  - macOS:      brew install livekit
  - Linux:      curl -sSL https://get.livekit.io | bash
  - container:  docker run --rm -p 7880:7880 -p 7881:7881 -p 7882:7882/udp livekit/livekit-server \\
                  --keys "$LIVEKIT_API_KEY: $LIVEKIT_API_SECRET" --bind 0.0.0.0
                (with a key and a secret of at least 32 characters of your own, in LIVEKIT_URL=ws://127.0.0.1:7880,
                LIVEKIT_API_KEY and LIVEKIT_API_SECRET for the app and the guide)
  - or point LIVEKIT_SERVER_BIN at a livekit-server binary.`;

export class LiveKitBinaryError extends Error {}

function goInstall(go: string, version: string): Promise<boolean> {
  const dir = path.dirname(cachedBinary(version));
  mkdirSync(dir, { recursive: true });
  console.error(`[livekit] building livekit-server ${version} with go install (first run only, a few minutes)…`);
  return new Promise((resolve) => {
    const child = spawn(go, ["install", `${MODULE}@${version}`], {
      env: { ...process.env, GOBIN: dir },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("exit", (code) => resolve(code === 0 && existsSync(cachedBinary(version))));
    child.on("error", () => resolve(false));
  });
}

/** The path of a runnable livekit-server, building it if needed. */
export async function resolveLiveKitServerBinary(): Promise<string> {
  const explicit = process.env.LIVEKIT_SERVER_BIN;
  if (explicit) {
    if (!existsSync(explicit)) throw new LiveKitBinaryError(`LIVEKIT_SERVER_BIN points at ${explicit}, which does not exist`);
    return explicit;
  }
  const found = await onPath();
  if (found) return found;
  for (const version of [LIVEKIT_SERVER_VERSION, ...FALLBACK_VERSIONS]) {
    if (existsSync(cachedBinary(version))) return cachedBinary(version);
  }
  const go = await findGo();
  if (!go) throw new LiveKitBinaryError(INSTALL_HELP);
  for (const version of [LIVEKIT_SERVER_VERSION, ...FALLBACK_VERSIONS]) {
    if (await goInstall(go, version)) return cachedBinary(version);
    console.error(`[livekit] go install of ${version} failed; trying an earlier release`);
  }
  throw new LiveKitBinaryError(`go install of livekit-server failed for every version tried.\n${INSTALL_HELP}`);
}
