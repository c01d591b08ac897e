/**
 * Two livekit-server nodes sharing one Redis (a LiveKit cluster on one
 * machine), each on its own loopback ports, with the same API key and secret.
 * Used by the multi-node tests.
 */
import { randomBytes } from "node:crypto";
import { startLiveKitServer, type LiveKitServer } from "./livekit-process";

export type LiveKitCluster = { nodes: LiveKitServer[]; stop: () => Promise<void> };

export async function startLiveKitCluster(redis: { address: string; db: number }, size = 2): Promise<LiveKitCluster> {
  const apiKey = `cluster-${randomBytes(4).toString("hex")}`;
  const apiSecret = randomBytes(24).toString("base64url");
  const nodes: LiveKitServer[] = [];
  try {
    for (let index = 0; index < size; index += 1) {
      nodes.push(await startLiveKitServer({ apiKey, apiSecret, redisAddress: redis.address, redisDb: redis.db }));
    }
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
  return { nodes, stop: async () => void (await Promise.all(nodes.map((node) => node.stop()))) };
}
