/**
 * The guide worker's Prometheus metrics (prom-client). Job processes are
 * forked by the agents framework, and prom-client's aggregator serves only
 * `cluster` workers, so each job reports plain events (events.ts) over a Unix
 * socket that only this worker's user can open (in a 0700 folder), and each
 * connection must first present the worker's secret, which job processes
 * inherit in their environment. The worker turns them into metrics and
 * serves them on GET /metrics, on its own port (GUIDE_METRICS_PORT, loopback
 * unless GUIDE_METRICS_HOST says otherwise).
 *
 * Labels are bounded: answer kinds, RPC method names and refusal codes, never
 * a room, a person or a path.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { ANSWER_KINDS, type MetricEvent, RPC_METHODS } from "./events";

const PREFIX = "onboarding_guide_";

function metricsOf(register: Registry) {
  collectDefaultMetrics({ register });
  return {
    rooms: new Gauge({ name: `${PREFIX}rooms_active`, help: "Rooms this worker's guides are in", registers: [register] }),
    greetings: new Counter({ name: `${PREFIX}greetings_total`, help: "People greeted", registers: [register] }),
    answers: new Counter({
      name: `${PREFIX}answers_total`,
      help: "Questions answered, by kind",
      labelNames: ["kind"],
      registers: [register],
    }),
    answerDuration: new Histogram({
      name: `${PREFIX}answer_duration_seconds`,
      help: "How long an answer took, from the question read to the answer ready",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [register],
    }),
    indexes: new Counter({
      name: `${PREFIX}index_loads_total`,
      help: "Repository indexes a room loaded, by source (cache, built)",
      labelNames: ["source"],
      registers: [register],
    }),
    indexDuration: new Histogram({
      name: `${PREFIX}index_load_duration_seconds`,
      help: "How long a room took to load or build its index, by source",
      labelNames: ["source"],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [register],
    }),
    redactions: new Counter({
      name: `${PREFIX}redacted_lines_total`,
      help: "Lines the read gate blanked in the indexes rooms loaded",
      registers: [register],
    }),
    refusals: new Counter({
      name: `${PREFIX}rpc_refusals_total`,
      help: "RPC calls the guide refused (the read gate's refusals among them), by method and code",
      labelNames: ["method", "code"],
      registers: [register],
    }),
  };
}

export type WorkerMetrics = { socketPath: string; secret: string; url: string | undefined; close: () => Promise<void> };

/** Starts the socket jobs report to and, when a port is given, the /metrics endpoint. */
export async function startWorkerMetrics(options: { port?: number; host: string }): Promise<WorkerMetrics> {
  const register = new Registry();
  const metrics = metricsOf(register);
  const secret = randomBytes(32).toString("hex");
  const folder = mkdtempSync(path.join(os.tmpdir(), "onboarding-guide-"));
  const socketPath = path.join(folder, "metrics.sock");

  const apply = (event: MetricEvent) => {
    switch (event.type) {
      case "greeting":
        metrics.greetings.inc();
        break;
      case "answer":
        metrics.answers.inc({ kind: ANSWER_KINDS.has(event.kind) ? event.kind : "other" });
        if (Number.isFinite(event.seconds) && event.seconds >= 0) metrics.answerDuration.observe(event.seconds);
        break;
      case "index":
        metrics.indexes.inc({ source: event.source === "cache" ? "cache" : "built" });
        if (Number.isFinite(event.seconds) && event.seconds >= 0)
          metrics.indexDuration.observe({ source: event.source === "cache" ? "cache" : "built" }, event.seconds);
        if (Number.isInteger(event.redactedLines) && event.redactedLines > 0) metrics.redactions.inc(event.redactedLines);
        break;
      case "refusal":
        metrics.refusals.inc({
          method: RPC_METHODS.has(event.method) ? event.method : "other",
          code: String(Number.isInteger(event.code) ? event.code : 0),
        });
        break;
      default:
        break;
    }
  };

  const expected = Buffer.from(secret);
  const socketServer: Server = createServer((socket: Socket) => {
    let trusted = false;
    let room = false;
    const lines = createInterface({ input: socket, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on("line", (line) => {
      let event: MetricEvent;
      try {
        event = JSON.parse(line.slice(0, 4096)) as MetricEvent;
      } catch {
        socket.destroy();
        return;
      }
      if (!trusted) {
        const presented = Buffer.from(event.type === "hello" && typeof event.secret === "string" ? event.secret : "");
        trusted = presented.length === expected.length && timingSafeEqual(presented, expected);
        if (!trusted) socket.destroy();
        return;
      }
      if (event.type === "room" && !room) {
        room = true;
        metrics.rooms.inc();
      } else apply(event);
    });
    // A job that ends (or dies) leaves its room.
    socket.on("close", () => {
      if (room) metrics.rooms.dec();
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => socketServer.listen(socketPath, resolve));

  let url: string | undefined;
  const http =
    options.port === undefined
      ? undefined
      : createHttpServer((request, response) => {
          if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") {
            response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
            return;
          }
          register.metrics().then(
            (text) => response.writeHead(200, { "content-type": register.contentType }).end(text),
            () => response.writeHead(500).end(),
          );
        });
  if (http) {
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(options.port, options.host, resolve);
    });
    const address = http.address();
    if (address && typeof address === "object")
      url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${address.port}/metrics`;
  }

  return {
    socketPath,
    secret,
    url,
    close: async () => {
      await new Promise<void>((resolve) => socketServer.close(() => resolve()));
      if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
