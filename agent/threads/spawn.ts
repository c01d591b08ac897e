/**
 * Starting one of the guide's modules in a worker thread (threads/run-module.mjs
 * loads it, TypeScript included), so that heavy work never runs on a job's
 * event loop: the framework warns about stalls of 100 ms, and a room's chat
 * must stay responsive while a repository is read.
 */
import { Worker } from "node:worker_threads";

export function spawnModuleThread(module: URL, data: Record<string, unknown> = {}): Worker {
  return new Worker(new URL("./run-module.mjs", import.meta.url), { workerData: { ...data, module: module.href } });
}
