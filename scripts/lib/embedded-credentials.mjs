// Where `npm start` leaves its embedded LiveKit server's address, key and secret (drawn at random for each
// run) for a second `npm run agent` to find: a file only this user can read, in the cache outside the
// repository, removed when npm start stops. Plain JavaScript, because `npm run agent` reads it before
// running the guide, and the guide's processes carry no TypeScript loader.
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/** ~/.cache/onboarding-rooms/embedded-livekit.json (or under XDG_CACHE_HOME). */
export function credentialsFile() {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache");
  return path.join(base, "onboarding-rooms", "embedded-livekit.json");
}

/**
 * Records the server for this process (npm start), readable by this user only: written whole to a new
 * file of its own (never through a link someone left there), then renamed into place.
 */
export function writeCredentials({ url, apiKey, apiSecret }) {
  const file = credentialsFile();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(file), 0o700);
  const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const descriptor = openSync(partial, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(descriptor, `${JSON.stringify({ url, apiKey, apiSecret, pid: process.pid })}\n`);
  } finally {
    closeSync(descriptor);
  }
  renameSync(partial, file);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * The running embedded server's LIVEKIT_* variables, or undefined when no npm start of this user is
 * running: the file must be this user's own, a plain file nobody else can read or write, and name a
 * server on this machine.
 */
export function readCredentials() {
  const file = credentialsFile();
  let stored;
  try {
    const info = lstatSync(file);
    if (!info.isFile() || info.uid !== process.getuid() || (info.mode & 0o077) !== 0) return undefined;
    stored = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  const { url, apiKey, apiSecret, pid } = stored ?? {};
  if (typeof url !== "string" || typeof apiKey !== "string" || typeof apiSecret !== "string" || !Number.isInteger(pid)) return undefined;
  if (!/^wss?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(url) || !alive(pid)) return undefined;
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
