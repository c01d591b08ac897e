/**
 * The knowledge service: one process beside the guide's worker
 * (supervisor.ts starts it), which holds each repository's index
 * once for every room on the machine (held-indexes.ts) and answers the rooms'
 * job processes over a private Unix socket (ipc/private-socket.ts), in the
 * knowledge layer's messages (protocol.ts), and nothing else.
 *
 * A room's connection opens one root, which must be one of the deployment's
 * (the job checked it too), then asks. The service reads with its own
 * settings, the worker's, whatever a job sends. It reports its indexes, its
 * rooms and its memory to the worker's metrics, and ends with its worker.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { readGuideConfig } from "../config";
import { servePrivateSocket, writeJsonLine } from "../ipc/private-socket";
import { connectReporter } from "../metrics/reporter";
import { type Claim, type FromKnowledge, HeldIndexes, type Method, MAX_LINE_BYTES } from "../knowledge";

const PATH = z.string().max(4096);
const LINE = z.number().int().min(0).max(10_000_000);
const NONE = z.object({});
const callOf = <M extends Method, P extends z.ZodType>(method: M, params: P) =>
  z.object({ type: z.literal("call"), id: z.number().int().min(0), method: z.literal(method), params });
/** Each call and its parameters, bounded: an index's one thread serves every room on it, so no room may hand it a giant question. */
const Call = z.discriminatedUnion("method", [
  callOf("answer", z.object({ question: z.string().max(2_000) })),
  callOf("readFile", z.object({ path: PATH, startLine: LINE.optional(), endLine: LINE.optional() })),
  callOf("listFiles", z.object({ prefix: PATH.optional() })),
  callOf("checkPointers", z.object({ pointers: z.array(z.object({ path: PATH, line: LINE })).max(200) })),
  callOf("hearing", NONE),
  callOf("map", NONE),
  callOf("tours", NONE),
  callOf("revision", NONE),
]);
const Open = z.object({ type: z.literal("open"), root: z.string().min(1).max(4096) });
const FromRoom = z.union([Open, Call]);

const REPORT_EVERY_MS = 5_000;

const config = readGuideConfig();
const target = config.knowledgeService;
if (!target) throw new Error("the knowledge service needs GUIDE_KNOWLEDGE_SOCKET and GUIDE_KNOWLEDGE_SECRET");
const allowed = new Set(config.allowedRoots);
const metrics = connectReporter(config.metrics);
const report = () =>
  metrics.report({ type: "knowledge-service", indexes: indexes.count, rooms: indexes.rooms, residentBytes: process.memoryUsage().rss });
const indexes = new HeldIndexes(config.knowledge, config.heldIndexes, report);
setInterval(report, REPORT_EVERY_MS).unref();

// A service that crashed left its socket file behind; nobody else writes in the worker's private folder.
rmSync(target.socket, { force: true });
const server = await servePrivateSocket(target.socket, target.secret, MAX_LINE_BYTES, (socket) => {
  let claim: Promise<Claim | undefined> | undefined;
  const send = (message: FromKnowledge) => writeJsonLine(socket, message);
  socket.on("close", () => {
    void claim?.then((claimed) => claimed && indexes.release(claimed.index));
  });
  const open = async (root: string): Promise<Claim | undefined> => {
    const resolved = path.resolve(root);
    if (!allowed.has(resolved)) {
      const reason = "this repository is not one the guide may read";
      send({ type: "state", state: { status: "failed", reason, detail: reason } });
      return undefined;
    }
    const claimed = await indexes.claim(resolved);
    const { knowledge } = claimed.index;
    const forward = () => {
      const state = knowledge.state;
      send({ type: "state", state: state.status === "ready" && claimed.shared ? { ...state, held: true } : state });
      if (state.status === "ready" || state.status === "failed") knowledge.off("state", forward);
    };
    // An index whose thread dies fails every call: its rooms are let go, and they come back to a new one.
    const letGo = () => socket.destroy();
    const unsubscribe = () => {
      knowledge.off("state", forward);
      knowledge.off("lost", letGo);
    };
    knowledge.on("state", forward);
    knowledge.once("lost", letGo);
    socket.on("close", unsubscribe);
    forward();
    // Gone while its claim was made: its close has already passed.
    if (socket.destroyed) unsubscribe();
    return claimed;
  };
  return (value) => {
    const message = FromRoom.safeParse(value);
    if (!message.success) {
      socket.destroy();
      return;
    }
    if (message.data.type === "open") {
      // A claim that fails (a thread that cannot start) fails this room's knowledge, never the service.
      claim ??= open(message.data.root).catch((error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        send({ type: "state", state: { status: "failed", reason: "the repository could not be read", detail } });
        return undefined;
      });
      return;
    }
    const { id, method, params } = message.data;
    const answered = (claim ?? Promise.resolve(undefined)).then((claimed) => {
      if (!claimed) throw new Error("no repository is open");
      indexes.used(claimed.index);
      return claimed.index.knowledge.ask(method, params as never);
    });
    answered.then(
      (result) => send({ type: "result", id, result }),
      (error: unknown) => send({ type: "error", id, message: error instanceof Error ? error.message : String(error) }),
    );
  };
});

const stop = async () => {
  server.close();
  await indexes.close();
  metrics.close();
  process.exit(0);
};
// Started by the worker with an IPC channel: when the worker goes, so does its service.
process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => undefined);
process.send?.({ listening: true });
report();
