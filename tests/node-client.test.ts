/**
 * The typed Node client (trpc/node.ts) and `npm run join`, against `next start`
 * and the real livekit-server.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { TokenVerifier } from "livekit-server-sdk";
import { describe, expect, inject, it } from "vitest";
import { JoinOutput } from "@/contract/join";
import { createNodeClient, describeClientError } from "@/trpc/node";
import { uniqueRoom } from "./support/unique-room";

const livekit = inject("livekit");
const appUrl = inject("appUrl");
const repoRoot = inject("repoRoot");
const client = createNodeClient(appUrl);

const run = promisify(execFile);
async function joinCommand(args: string[]) {
  try {
    // --silent: npm's own banner would otherwise precede the JSON on stdout.
    const { stdout, stderr } = await run("npm", ["run", "--silent", "join", "--", ...args], { env: { ...process.env, APP_URL: appUrl } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the typed Node client", () => {
  it("joins with full types and output that matches the contract", async () => {
    const roomName = uniqueRoom("node");
    const joined = await client.livekit.join.mutate({ participantName: "Ada", roomName });
    expect(JoinOutput.parse(joined)).toEqual(joined);
    expect(joined).toMatchObject({ roomName, roomCreated: true, context: { id: "default", repoRoot } });
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(joined.participantToken);
    expect(claims.video?.room).toBe(roomName);
  });

  it("reads the contexts the page offers, without repo roots", async () => {
    const choices = await client.onboarding.contexts.query();
    expect(choices).toEqual({ defaultId: "default", contexts: [{ id: "default", title: "Onboarding", hasAgent: true }] });
  });

  it("surfaces typed errors with their code", async () => {
    const error = await client.livekit.join.mutate({ participantName: "Ada", context: "nope" }).catch((caught: unknown) => caught);
    expect(describeClientError(error)).toEqual({
      code: "BAD_REQUEST",
      message: 'There is no onboarding context called "nope" here.',
      reason: "UNKNOWN_CONTEXT",
    });
  });
});

describe("npm run join", () => {
  it("prints the connection details as JSON", async () => {
    const roomName = uniqueRoom("cli");
    const { code, stdout } = await joinCommand(["--name", "Ada", "--room", roomName, "--context", "default"]);
    expect(code).toBe(0);
    const details = JoinOutput.parse(JSON.parse(stdout));
    expect(details).toMatchObject({ roomName, participantName: "Ada", serverUrl: livekit.url, context: { repoRoot } });
  });

  it("reports a refused join on stderr as JSON, with exit code 1", async () => {
    const { code, stdout, stderr } = await joinCommand(["--name", "Ada", "--context", "nope"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: "BAD_REQUEST", reason: "UNKNOWN_CONTEXT" } });
  });

  it("explains its usage when an argument is missing or unknown, with exit code 2", async () => {
    const missing = await joinCommand([]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr).error.message).toContain("--name is required");
    const unknown = await joinCommand(["--name", "Ada", "--admin"]);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr).error.message).toContain("usage: npm run join");
  });

  it("says when the app cannot be reached", async () => {
    const { code, stderr } = await joinCommand(["--name", "Ada", "--url", "http://127.0.0.1:9"]);
    expect(code).toBe(1);
    expect(JSON.parse(stderr).error).toEqual({
      code: "APP_UNREACHABLE",
      message: "Cannot reach the app at http://127.0.0.1:9: is it running (npm start)?",
      reason: null,
    });
  });
});
