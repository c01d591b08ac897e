/**
 * `npm run agent`: the guide's worker. It registers with the LiveKit server
 * for explicit dispatch under ONBOARDING_AGENT_NAME, and the framework starts
 * one job process per room it is dispatched to (guide.ts). It talks to the
 * LiveKit server and nothing else: no hosted inference, no telemetry (its
 * Prometheus metrics are served, not sent: metrics/worker-metrics.ts). The
 * framework's `dev`/`connect` modes are not used; this is its server API.
 *
 * Run several of these against one LiveKit server (or cluster) to scale out:
 * LiveKit hands each dispatch to exactly one registered worker.
 *
 * @see https://docs.livekit.io/agents/server/
 */
import { fileURLToPath } from "node:url";
import { AgentServer, initializeLogger, type JobRequest, log, ServerOptions } from "@livekit/agents";
import { handDownKnowledgeService, handDownMetrics, loopMonitorOffUnlessAsked, readWorkerConfig, WorkerConfigError } from "./config";
import { startWorkerMetrics } from "./metrics/worker-metrics";
import { guideName, readContext } from "./guide/room-context";
import { voiceAvailable } from "./guide/voice";
import { entryModule } from "./knowledge";
import { startKnowledgeService } from "./knowledge-service/supervisor";

let config: ReturnType<typeof readWorkerConfig>;
try {
  config = readWorkerConfig();
} catch (error) {
  if (!(error instanceof WorkerConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

initializeLogger({ pretty: false, level: config.logLevel });
loopMonitorOffUnlessAsked();
const logger = log();

if (!voiceAvailable(config.espeak)) {
  logger.warn({ event: "voice", program: config.espeak }, "espeak-ng is not installed: the guide will greet in text only");
}

// Before any job process is forked: they report to this worker's metrics.
const metrics = await startWorkerMetrics({ port: config.metricsPort, host: config.metricsHost });
handDownMetrics({ socket: metrics.socketPath, secret: metrics.secret });
if (metrics.url) logger.info({ event: "metrics", url: metrics.url }, "the guide worker's metrics are served");

// One knowledge service for every room of this worker: each repository's index is held once, not once per room.
const knowledge = await startKnowledgeService({
  handDown: handDownKnowledgeService,
  started: (pid, socket) => logger.info({ event: "knowledge-service", servicePid: pid, socket }, "the knowledge service is ready"),
  stopped: (detail) => {
    metrics.knowledgeServiceRestarted();
    logger.warn({ event: "knowledge-service", outcome: "stopped", detail }, "the knowledge service stopped; starting it again");
  },
});

async function acceptJob(request: JobRequest): Promise<void> {
  const reading = readContext(request.job.metadata, request.room?.metadata, config.allowedRoots);
  // One identity per job, so that two guides in one room are two participants, not one kicking the other.
  await request.accept(guideName(reading), `guide-${request.id}`);
}

const server = new AgentServer(
  new ServerOptions({
    agent: fileURLToPath(entryModule("guide", import.meta.url)),
    agentName: config.agentName,
    // Passed explicitly: the framework would otherwise default to ws://localhost:7880.
    wsURL: config.url,
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    requestFunc: acceptJob,
    numIdleProcesses: config.idleProcesses,
    // The framework gives a starting job process 10 s, then drops the job (and the room keeps no guide). With no
    // warm process, a burst starts every process at once, and on two cores twenty of them took longer than that.
    initializeProcessTimeout: 60_000,
    // The worker's own health endpoint, on loopback only.
    host: "127.0.0.1",
    port: 0,
    production: false,
    // Always available: LiveKit gives no job to a worker reporting 0.7 or more, and on a busy
    // 2-core machine CPU load would turn guides away. Scale out with more workers instead.
    loadFunc: async () => 0,
    loadThreshold: 1,
    maxRetry: Number.POSITIVE_INFINITY,
  }),
);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ event: "shutdown", signal }, "the guide worker is stopping");
  // Job processes ignore signals: the framework closes them, after they finish their rooms (bounded).
  await server.drain(10_000).catch(() => undefined);
  await server.close();
  await knowledge.close().catch(() => undefined);
  await metrics.close().catch(() => undefined);
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, (received) => void stop(received));

server.event.on("worker_registered", (workerId: string) => {
  logger.info({ event: "registered", workerId, agentName: config.agentName, url: config.url }, "the guide is ready for rooms");
});
await server.run();
