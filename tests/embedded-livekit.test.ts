/**
 * `npm start`'s embedded LiveKit has no well-known credentials: its key and
 * secret are drawn for each run, a token signed with LiveKit's `devkey` /
 * `secret` is refused, and a second `npm run agent` finds the real ones in a
 * file only this user can read, which is gone once npm start stops. The
 * server here is started by the same function npm start uses, on free ports.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dispose, Room } from "@livekit/rtc-node";
import getPort from "get-port";
import { AccessToken, RoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { credentialsFile, readCredentials } from "../scripts/lib/embedded-credentials.mjs";
import { startEmbeddedLiveKit } from "../scripts/lib/embedded-livekit";
import { resolveLiveKitServerBinary } from "../scripts/lib/livekit-binary";
import type { LiveKitServer } from "../scripts/lib/livekit-process";

let cacheHome: string;
let previousCacheHome: string | undefined;
let livekit: LiveKitServer;
let agent: ChildProcess | undefined;

beforeAll(async () => {
  // The cache home moves to a scratch folder; the livekit-server binary stays the one already built.
  process.env.LIVEKIT_SERVER_BIN ??= await resolveLiveKitServerBinary();
  cacheHome = mkdtempSync(path.join(os.tmpdir(), "embedded-livekit-"));
  previousCacheHome = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = cacheHome;
  const port = await getPort({ host: "127.0.0.1" });
  const rtcTcpPort = await getPort({ host: "127.0.0.1", exclude: [port] });
  const rtcUdpPort = await getPort({ host: "127.0.0.1", exclude: [port, rtcTcpPort] });
  livekit = await startEmbeddedLiveKit({ port, rtcTcpPort, rtcUdpPort });
}, 60_000);

afterAll(async () => {
  agent?.kill("SIGKILL");
  await livekit?.stop();
  await dispose();
  if (previousCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = previousCacheHome;
  rmSync(cacheHome, { recursive: true, force: true });
});

async function joinToken(apiKey: string, apiSecret: string): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret, { identity: "mallory", ttl: 60 });
  token.addGrant({ roomJoin: true, room: "anything", roomCreate: true });
  return token.toJwt();
}

describe("npm start's embedded LiveKit", () => {
  it("refuses LiveKit's well-known devkey/secret, for its API and for joining", async () => {
    await expect(new RoomServiceClient(livekit.httpUrl, "devkey", "secret").listRooms()).rejects.toThrow();
    const room = new Room();
    await expect(
      room.connect(livekit.url, await joinToken("devkey", "secret"), { autoSubscribe: false, dynacast: false }),
    ).rejects.toThrow();
    // Its own credentials work, so the refusal is about the pair.
    await expect(new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).listRooms()).resolves.toEqual([]);
  });

  it("draws a key and a secret of at least 32 characters, and keeps them where only this user can read them", () => {
    expect(livekit.apiKey).not.toBe("devkey");
    expect(livekit.apiSecret.length).toBeGreaterThanOrEqual(32);
    const file = credentialsFile();
    expect(file.startsWith(cacheHome)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({
      url: livekit.url,
      apiKey: livekit.apiKey,
      apiSecret: livekit.apiSecret,
    }); // Not on the server's command line either, where every user of the machine could read it.
    expect(readFileSync(`/proc/${livekit.pid()}/cmdline`, "utf8")).not.toContain(livekit.apiSecret);
  });

  it("ignores a credentials file that others could have written or read", () => {
    const file = credentialsFile();
    expect(readCredentials()).toMatchObject({ LIVEKIT_API_SECRET: livekit.apiSecret });
    chmodSync(file, 0o644);
    try {
      expect(readCredentials()).toBeUndefined();
    } finally {
      chmodSync(file, 0o600);
    }
  });

  it("is found by a second npm run agent without copying anything by hand", async () => {
    const { LIVEKIT_URL: _url, LIVEKIT_API_KEY: _key, LIVEKIT_API_SECRET: _secret, ...inherited } = process.env;
    const environment = { ...inherited, ONBOARDING_AGENT_NAME: "embedded-test-guide", LOG_LEVEL: "info" };
    agent = spawn(process.execPath, ["scripts/agent.mjs"], { env: environment, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    agent.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    agent.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await vi.waitFor(() => expect(output).toContain("the guide is ready for rooms"), { timeout: 60_000, interval: 250 });
    expect(output).toContain(`using the LiveKit server npm start embedded, at ${livekit.url}`);
    expect(output).not.toContain(livekit.apiSecret);
  }, 90_000);

  it("forgets its credentials when it stops", async () => {
    agent?.kill("SIGTERM");
    await livekit.stop();
    expect(existsSync(credentialsFile())).toBe(false);
  });
});
