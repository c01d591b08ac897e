// Worker-thread entry: runs the module named in workerData.module. Worker threads do not inherit
// tsx's loader from the process's `--import tsx`, so a TypeScript module is loaded through tsx's API.
import { workerData } from "node:worker_threads";

if (workerData.module.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.module);
