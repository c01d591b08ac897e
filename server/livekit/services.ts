/**
 * The LiveKit clients for one configuration, built once and reused.
 *
 * Keyed by the config object so tests (and, later, several configurations) get
 * their own RoomServiceClient and their own in-flight map, while a normal
 * process builds exactly one.
 */
import "server-only";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { type Coordination, createCoordination } from "../coordination";
import type { AppConfig } from "../env";
import { logger } from "../logger";
import { instrumented } from "../metrics";
import { createReadinessProbe, type ReadinessProbe } from "./readiness";
import { createRoomEnsurer, type RoomEnsurer } from "./rooms";

export type LiveKitServices = {
  config: AppConfig;
  roomService: RoomServiceClient;
  agentDispatch: AgentDispatchClient;
  rooms: RoomEnsurer;
  readiness: ReadinessProbe;
  coordination: Coordination;
};

const byConfig = new WeakMap<AppConfig, LiveKitServices>();

export function liveKitServices(config: AppConfig): LiveKitServices {
  let services = byConfig.get(config);
  if (!services) {
    const { apiUrl, apiKey, apiSecret, requestTimeoutMs } = config.livekit;
    const options = {
      requestTimeout: requestTimeoutMs / 1000,
      // Failover only applies to LiveKit Cloud, and would stretch our time bound.
      failover: false,
    };
    // Every call to LiveKit's API is counted and timed (server/metrics.ts).
    const roomService = instrumented(new RoomServiceClient(apiUrl, apiKey, apiSecret, options), "RoomService");
    const agentDispatch = instrumented(new AgentDispatchClient(apiUrl, apiKey, apiSecret, options), "AgentDispatch");
    const coordination = createCoordination(config.rateLimit.redisUrl, logger);
    const rooms = createRoomEnsurer(roomService, agentDispatch, {
      recentMs: config.roomEnsureCacheSeconds * 1000,
      withRoomLock: coordination.withRoomLock,
    });
    // A finished room is a finished session, on every replica, whichever one LiveKit's webhook reached.
    coordination.onRoomFinished(rooms.forget);
    services = {
      config,
      roomService,
      agentDispatch,
      rooms,
      readiness: createReadinessProbe(roomService, config),
      coordination,
    };
    byConfig.set(config, services);
  }
  return services;
}
