/**
 * Starting one of the guide's modules in a worker thread (run-module.mjs
 * loads it: built, or from its sources through tsx), so that heavy work never
 * runs on a job's event loop: the framework warns about stalls of 100 ms, and
 * a room's chat must stay responsive while a repository is read.
 */
import { type ResourceLimits, Worker } from "node:worker_threads";

/**
 * Another entry module of the guide, beside the calling one: `name.ts` when
 * its code runs from the sources (the knowledge tests and the eval import it
 * directly), `name.mjs` when it runs built (scripts/lib/agent-build.ts puts
 * every entry in one folder).
 */
export function entryModule(name: string, callerUrl: string): URL {
  return new URL(`./${name}${callerUrl.endsWith(".ts") ? ".ts" : ".mjs"}`, callerUrl);
}

export function spawnModuleThread(module: URL, data: Record<string, unknown> = {}, resourceLimits?: ResourceLimits): Worker {
  return new Worker(new URL("./run-module.mjs", import.meta.url), { workerData: { ...data, module: module.href }, resourceLimits });
}
