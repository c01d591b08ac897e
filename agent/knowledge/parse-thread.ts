/**
 * A parse thread: reads its share of a large repository's files
 * (file-knowledge.ts) and posts what the guide keeps of them back to the
 * knowledge thread in batches, then `null`. Started by knowledge.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type FileKnowledge, filesKnowledge } from "./file-knowledge";
import type { RepositoryFile } from "./files";
import { type GateLayers, ReadGate } from "./read-gate";

/** Files per message: few enough that the batches in flight stay small, enough that posting costs little. */
const BATCH = 100;

const { root, layers, files } = workerData as { root: string; layers: GateLayers; files: RepositoryFile[] };
const gate = ReadGate.open(root, layers);
let batch: FileKnowledge[] = [];
for await (const file of filesKnowledge(gate, files)) {
  batch.push(file);
  if (batch.length === BATCH) {
    parentPort?.postMessage(batch);
    batch = [];
  }
}
if (batch.length > 0) parentPort?.postMessage(batch);
parentPort?.postMessage(null);
