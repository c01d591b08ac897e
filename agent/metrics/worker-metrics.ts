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
import { createServer as createHttpServer } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { newSecret, privateSocketPath, servePrivateSocket } from "../ipc/private-socket";
import { ANSWER_KINDS, INDEX_SOURCES, type MetricEvent, RPC_METHODS } from "./events";

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
      help: "Repository indexes a room loaded, by source (memory: the knowledge service held it; cache; built)",
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
    indexesHeld: new Gauge({
      name: `${PREFIX}knowledge_indexes_held`,
      help: "Repository indexes the knowledge service holds in memory (one per repository and revision)",
      registers: [register],
    }),
    knowledgeRooms: new Gauge({
      name: `${PREFIX}knowledge_rooms_connected`,
      help: "Rooms connected to the knowledge service",
      registers: [register],
    }),
    knowledgeMemory: new Gauge({
      name: `${PREFIX}knowledge_resident_memory_bytes`,
      help: "Resident memory of the knowledge service process, its indexes' threads included",
      registers: [register],
    }),
    knowledgeRestarts: new Counter({
      name: `${PREFIX}knowledge_service_restarts_total`,
      help: "Times the worker started its knowledge service again after it stopped",
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

export type WorkerMetrics = {
  socketPath: string;
  secret: string;
  url: string | undefined;
  /** The worker's own count of knowledge service restarts. */
  knowledgeServiceRestarted: () => void;
  close: () => Promise<void>;
};

/** Starts the socket jobs report to and, when a port is given, the /metrics endpoint. */
export async function startWorkerMetrics(options: { port?: number; host: string }): Promise<WorkerMetrics> {
  const register = new Registry();
  const metrics = metricsOf(register);
  const secret = newSecret();
  const { socketPath, remove } = privateSocketPath("metrics.sock");

  const apply = (event: MetricEvent) => {
    switch (event.type) {
      case "greeting":
        metrics.greetings.inc();
        break;
      case "answer":
        metrics.answers.inc({ kind: ANSWER_KINDS.has(event.kind) ? event.kind : "other" });
        if (Number.isFinite(event.seconds) && event.seconds >= 0) metrics.answerDuration.observe(event.seconds);
        break;
      case "index": {
        const source = INDEX_SOURCES.has(event.source) ? event.source : "built";
        metrics.indexes.inc({ source });
        if (Number.isFinite(event.seconds) && event.seconds >= 0) metrics.indexDuration.observe({ source }, event.seconds);
        // Lines are blanked when an index is read; one held for another room was counted then.
        if (source !== "memory" && Number.isInteger(event.redactedLines) && event.redactedLines > 0)
          metrics.redactions.inc(event.redactedLines);
        break;
      }
      case "knowledge-service":
        for (const [gauge, value] of [
          [metrics.indexesHeld, event.indexes],
          [metrics.knowledgeRooms, event.rooms],
          [metrics.knowledgeMemory, event.residentBytes],
        ] as const) {
          if (Number.isFinite(value) && value >= 0) gauge.set(value);
        }
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

  const socketServer = await servePrivateSocket(socketPath, secret, 4096, (socket) => {
    let room = false;
    // A job that ends (or dies) leaves its room.
    socket.on("close", () => {
      if (room) metrics.rooms.dec();
    });
    return (value) => {
      const event = value as MetricEvent;
      if (event?.type === "room" && !room) {
        room = true;
        metrics.rooms.inc();
      } else if (event && typeof event === "object") apply(event);
    };
  });

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
    knowledgeServiceRestarted: () => metrics.knowledgeRestarts.inc(),
    close: async () => {
      await new Promise<void>((resolve) => socketServer.close(() => resolve()));
      if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
      remove();
    },
  };
}
