/**
 * Launching a real livekit-server on loopback, waiting until it answers, and
 * stopping, pausing or restarting it (the fault tests need all four).
 *
 * Every server gets its own ports and keeps all traffic on 127.0.0.1: node_ip
 * is loopback, external-IP discovery is off, and the STUN servers it hands to
 * clients are a loopback address, so no browser ever looks further.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import getPort from "get-port";
import { RoomServiceClient } from "livekit-server-sdk";
import { resolveLiveKitServerBinary } from "./livekit-binary";

export type LiveKitServerOptions = {
  port?: number;
  rtcTcpPort?: number;
  rtcUdpPort?: number;
  apiKey?: string;
  apiSecret?: string;
  redisAddress?: string;
  /** The Redis database index, so test clusters do not see each other's rooms. */
  redisDb?: number;
  logLevel?: "debug" | "info" | "warn" | "error";
  /** Where the server's output goes; defaults to discarding it. */
  output?: "inherit" | "ignore";
  /** Where it posts its webhooks, signed with its API key (the app's /api/livekit/webhook). */
  webhookUrls?: string[];
};

export type LiveKitServer = {
  url: string;
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  port: number;
  /** Its WebRTC ports (ICE over TCP, and the UDP port all media shares). */
  rtcTcpPort: number;
  rtcUdpPort: number;
  pid: () => number | undefined;
  stop: () => Promise<void>;
  /** Starts it again on the same ports after stop() or crash(), or stops and starts it. */
  restart: () => Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would: no goodbye to anyone connected. */
  crash: () => Promise<void>;
  pause: () => void;
  resume: () => void;
};

/** The STUN server every test server names (and hands its clients): on loopback, so nothing reaches the internet. */
export const LOOPBACK_STUN = "127.0.0.1:3478";

export function loopbackConfig(
  options: Required<Pick<LiveKitServerOptions, "port" | "rtcTcpPort" | "rtcUdpPort" | "apiKey" | "apiSecret">> & LiveKitServerOptions,
) {
  return {
    port: options.port,
    bind_addresses: ["127.0.0.1"],
    rtc: {
      tcp_port: options.rtcTcpPort,
      udp_port: options.rtcUdpPort,
      node_ip: "127.0.0.1",
      use_external_ip: false,
      enable_loopback_candidate: true,
      // Without this the server also offers ICE candidates on the machine's other addresses, and clients use them.
      ips: { includes: ["127.0.0.1/32"] },
      stun_servers: [LOOPBACK_STUN],
    },
    keys: { [options.apiKey]: options.apiSecret },
    logging: { level: options.logLevel ?? "warn" },
    ...(options.redisAddress ? { redis: { address: options.redisAddress, db: options.redisDb ?? 0 } } : {}),
    ...(options.webhookUrls?.length ? { webhook: { api_key: options.apiKey, urls: options.webhookUrls } } : {}),
  };
}

/**
 * Ready means: our process is alive and a RoomService call signed with *its*
 * credentials succeeds. A plain HTTP probe could be answered by another server
 * that won a race for the same port while ours failed to bind.
 */
async function waitUntilReady(httpUrl: string, apiKey: string, apiSecret: string, child: ChildProcess, timeoutMs = 20_000) {
  const rooms = new RoomServiceClient(httpUrl, apiKey, apiSecret, { requestTimeout: 1, failover: false });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited with code ${child.exitCode} before it was ready`);
    try {
      await rooms.listRooms();
      if (child.exitCode === null) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`livekit-server did not become ready at ${httpUrl} within ${timeoutMs} ms`);
}

/**
 * A livekit-server on free loopback ports. Ports picked here can be taken by
 * another process between the pick and the bind (get-port only probes), and
 * the server then stops before it is ready: it is started again on other
 * ports, twice at most. Ports the caller chose are used as they are.
 */
export async function startLiveKitServer(options: LiveKitServerOptions = {}): Promise<LiveKitServer> {
  const chosen = options.port !== undefined || options.rtcTcpPort !== undefined || options.rtcUdpPort !== undefined;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (chosen || attempt >= 3 || !(error instanceof EarlyExit)) throw error;
    }
  }
}

class EarlyExit extends Error {}

async function startOnce(options: LiveKitServerOptions): Promise<LiveKitServer> {
  const binary = await resolveLiveKitServerBinary();
  const port = options.port ?? (await getPort({ host: "127.0.0.1" }));
  const rtcTcpPort = options.rtcTcpPort ?? (await getPort({ host: "127.0.0.1", exclude: [port] }));
  const rtcUdpPort = options.rtcUdpPort ?? (await getPort({ host: "127.0.0.1", exclude: [port, rtcTcpPort] }));
  // A random key and secret per server unless asked for: nothing can guess them, and leak checks can search for the secret.
  const apiKey = options.apiKey ?? `key-${randomBytes(4).toString("hex")}`;
  const apiSecret = options.apiSecret ?? randomBytes(24).toString("base64url");
  const config = loopbackConfig({ ...options, port, rtcTcpPort, rtcUdpPort, apiKey, apiSecret });
  // The configuration (its keys among it) goes in the environment, not on the command line, where `ps` shows it to every user.
  const environment = { ...process.env, LIVEKIT_CONFIG: JSON.stringify(config) };
  const httpUrl = `http://127.0.0.1:${port}`;

  let child: ChildProcess;
  const launch = async () => {
    child = spawn(binary, [], { env: environment, stdio: ["ignore", options.output ?? "ignore", options.output ?? "pipe"] });
    // Without an output of its own, the last of what it says goes into the error, should it stop before it is ready.
    let said = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      said = (said + chunk.toString()).slice(-2_000);
    });
    // A harness that dies (an uncaught error in a test or the eval) must not leave its server running:
    // Node does not end children with their parent.
    const orphaned = () => child.kill("SIGKILL");
    process.once("exit", orphaned);
    child.once("exit", () => {
      child.stderr?.removeAllListeners("data");
      process.removeListener("exit", orphaned);
    });
    const tail = () => said.trim();
    try {
      await waitUntilReady(httpUrl, apiKey, apiSecret, child);
    } catch (error) {
      child.kill("SIGKILL"); // never leave a half-started server behind
      if (child.exitCode !== null && error instanceof Error) throw new EarlyExit(`${error.message}${tail() ? `: ${tail()}` : ""}`);
      throw error;
    }
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGCONT");
    // The first signal drains, the second forces: tests and Ctrl-C want a prompt stop. The second waits
    // long enough, even on a busy machine, for the server to tell everyone connected that it is stopping.
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGTERM"), 1_000);
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(force);
    clearTimeout(kill);
  };
  await launch();
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey,
    apiSecret,
    port,
    rtcTcpPort,
    rtcUdpPort,
    pid: () => child.pid,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    crash: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await exited;
    },
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
  };
}
