// Where `npm start` leaves its embedded LiveKit server's address, key and secret (drawn at random for each
// run) for a second `npm run agent` to find: a file only this user can read, in the cache outside the
// repository, removed when npm start stops. Plain JavaScript, because `npm run agent` reads it before
// running the guide, and the guide's processes carry no TypeScript loader.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/** ~/.cache/onboarding-rooms/embedded-livekit.json (or under XDG_CACHE_HOME). */
export function credentialsFile() {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache");
  return path.join(base, "onboarding-rooms", "embedded-livekit.json");
}

/** Records the server for this process (npm start), readable by this user only. */
export function writeCredentials({ url, apiKey, apiSecret }) {
  const file = credentialsFile();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify({ url, apiKey, apiSecret, pid: process.pid })}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // a file left by an earlier run keeps its mode otherwise
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** The running embedded server's LIVEKIT_* variables, or undefined when no npm start is running. */
export function readCredentials() {
  let stored;
  try {
    stored = JSON.parse(readFileSync(credentialsFile(), "utf8"));
  } catch {
    return undefined;
  }
  const { url, apiKey, apiSecret, pid } = stored ?? {};
  if (typeof url !== "string" || typeof apiKey !== "string" || typeof apiSecret !== "string" || !Number.isInteger(pid)) return undefined;
  if (!alive(pid)) return undefined;
  return { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret };
}

/** Removes the record, if it is this process's own. */
export function forgetCredentials() {
  try {
    if (JSON.parse(readFileSync(credentialsFile(), "utf8")).pid === process.pid) rmSync(credentialsFile());
  } catch {
    // nothing recorded, or another run's
  }
}
