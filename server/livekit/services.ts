/**
 * The LiveKit clients for one configuration, built once and reused.
 *
 * Keyed by the config object so tests (and, later, several configurations) get
 * their own RoomServiceClient and their own in-flight map, while a normal
 * process builds exactly one.
 */
import "server-only";
import { RoomServiceClient } from "livekit-server-sdk";
import type { AppConfig } from "../env";
import { createRoomEnsurer, type EnsureRoom } from "./rooms";

export type LiveKitServices = {
  config: AppConfig;
  roomService: RoomServiceClient;
  ensureRoom: EnsureRoom;
};

const byConfig = new WeakMap<AppConfig, LiveKitServices>();

export function liveKitServices(config: AppConfig): LiveKitServices {
  let services = byConfig.get(config);
  if (!services) {
    const { apiUrl, apiKey, apiSecret, requestTimeoutMs } = config.livekit;
    const roomService = new RoomServiceClient(apiUrl, apiKey, apiSecret, {
      requestTimeout: requestTimeoutMs / 1000,
      // Failover only applies to LiveKit Cloud, and would stretch our time bound.
      failover: false,
    });
    services = { config, roomService, ensureRoom: createRoomEnsurer(roomService) };
    byConfig.set(config, services);
  }
  return services;
}
