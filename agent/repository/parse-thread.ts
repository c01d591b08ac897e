/**
 * A parse thread: builds the part of a large repository's knowledge for its
 * share of the files (knowledge-part.ts) and posts it back, its index shard
 * serialized. Started by knowledge.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { RepositoryFile } from "./files";
import { buildKnowledgePart } from "./knowledge-part";

const { root, files } = workerData as { root: string; files: RepositoryFile[] };
const { shard, ...part } = await buildKnowledgePart(root, files);
parentPort?.postMessage({ ...part, shard: shard.toJSON() });
