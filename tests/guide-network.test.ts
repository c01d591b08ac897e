/**
 * The guide works offline: its worker and its job processes talk to LiveKit
 * and nothing else. The worker runs under strace, which records every
 * connect() and every datagram sent by it and the processes it forks (native
 * code included: rtc-node's WebRTC stack), through a whole session: a
 * greeting, an answer, and speech.
 *
 * One thing besides LiveKit shows up, and is allowed by name: libwebrtc finds
 * the machine's default local address by connect()ing a UDP socket to a
 * public DNS address (8.8.8.8:53, 2001:4860:4860::8888:53). A UDP connect
 * sends no packet; the test checks that nothing is ever sent on such a socket.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dispose } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_STATE_ATTRIBUTE } from "@/agent/guide/agent-state";
import { type GuideWorker, startGuideWorker } from "../scripts/lib/guide-process";
import { type LiveKitServer, LOOPBACK_STUN, startLiveKitServer } from "../scripts/lib/livekit-process";
import { type GuideTestBed, guideTestBed } from "./support/guide-test-bed";
import { uniqueRoom } from "./support/unique-room";

let livekit: LiveKitServer;
let bed: GuideTestBed;
let scratch: string;
let worker: GuideWorker;
let trace: string;

beforeAll(async () => {
  // A server of its own, so that the only traffic on its ports is this test's.
  livekit = await startLiveKitServer();
  bed = guideTestBed("guide-network-test", { livekit });
  scratch = mkdtempSync(path.join(os.tmpdir(), "guide-network-"));
  trace = path.join(scratch, "connect.trace");
  worker = await startGuideWorker(bed.workerEnv, {
    wrapper: ["strace", "-f", "-yy", "--seccomp-bpf", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-o", trace],
  });
}, 120_000);

afterAll(async () => {
  await worker?.crash();
  await dispose();
  await livekit?.stop();
  rmSync(scratch, { recursive: true, force: true });
  bed?.remove();
});

type Traffic = { connects: Array<{ protocol: string; to: string }>; sends: string[] };

/** What the traced processes connected to, and where every datagram or message they sent went, as "host:port". */
function traffic(): Traffic {
  const connects: Traffic["connects"] = [];
  const sends: string[] = [];
  const address = (text: string) => {
    const v4 = text.match(/sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/);
    if (v4) return `${v4[2]}:${v4[1]}`;
    const v6 = text.match(/sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*?inet_pton\(AF_INET6, "([^"]+)"/);
    return v6 ? `[${v6[2]}]:${v6[1]}` : undefined;
  };
  for (const line of readFileSync(trace, "utf8").split("\n")) {
    const call = line.match(/^\d+\s+(connect|sendto|sendmsg)\(\d+<(TCP|UDP|TCPv6|UDPv6):\[([^\]]*)\]>(.*)$/);
    if (!call) continue;
    const [, syscall, protocol, endpoints, rest] = call;
    const to = address(rest!);
    if (syscall === "connect") {
      if (to) connects.push({ protocol: protocol!.replace("v6", ""), to });
      continue;
    }
    // A send names its destination, or goes where its socket is connected ("local->remote").
    const remote = to ?? endpoints!.split("->")[1];
    if (remote)
      sends.push(
        remote.startsWith("[") || !remote.includes(":") || remote.split(":").length === 2
          ? remote
          : `[${remote.replace(/:(\d+)$/, "]:$1")}`,
      );
  }
  return { connects, sends };
}

describe("the guide's network", () => {
  it("connects only to the LiveKit server, on loopback, through a whole session", async () => {
    const ada = await bed.joinAs("Ada", uniqueRoom("network"));
    try {
      await ada.nextFromGuide(/^Hi Ada! I'm your guide/, "the greeting");
      await ada.until(() => ada.guides()[0]?.attributes[AGENT_STATE_ATTRIBUTE] === "speaking" || undefined, "the guide to speak");
      const answer = await ada.ask("where is the auth middleware?");
      expect(answer.text).toContain("services/api/internal/auth/middleware.go");
    } finally {
      await bed.leaveAll();
    }

    const { connects, sends } = traffic();
    // LiveKit's ports, and the STUN server it hands its clients (ours is on loopback too).
    const ports = [livekit.port, livekit.rtcTcpPort, livekit.rtcUdpPort];
    const liveKit = new Set([
      ...ports.flatMap((port) => [`127.0.0.1:${port}`, `[::ffff:127.0.0.1]:${port}`, `[::1]:${port}`]),
      LOOPBACK_STUN,
    ]);
    const defaultRouteProbes = new Set(["8.8.8.8:53", "[2001:4860:4860::8888]:53"]);
    // The trace did record the session: the worker's and the job's connections to the signal port.
    expect(connects.map((each) => each.to)).toContain(`127.0.0.1:${ports[0]}`);
    expect(connects.filter((each) => each.protocol === "TCP" && !liveKit.has(each.to))).toEqual([]);
    expect(connects.filter((each) => each.protocol === "UDP" && !liveKit.has(each.to) && !defaultRouteProbes.has(each.to))).toEqual([]);
    expect(sends.filter((to) => !liveKit.has(to))).toEqual([]);
  });
});
