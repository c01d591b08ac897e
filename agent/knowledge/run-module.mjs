// Worker-thread entry: runs the module named in workerData.module. Built, that is plain JavaScript;
// from the sources (tests, the eval) it is TypeScript, which worker threads cannot load without
// tsx's loader, registered here through its API.
import { workerData } from "node:worker_threads";

if (workerData.module.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.module);
