/**
 * Everything the guide knows about one repository at one revision: the
 * overview, each file's header and symbols, and the search index. Built by
 * reading the repository once (files.ts, read-files.ts, overview.ts), with
 * the parsing spread over parse threads for large repositories, and cached on
 * disk per repo root and revision, so that every room onboarding people onto
 * the same repository (in every job process of the worker) reads it once.
 *
 * Runs in the knowledge thread (knowledge-thread.ts), never on a job's event loop.
 */
import { createHash } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawnModuleThread } from "../threads/spawn";
import { type FileListing, listRepositoryFiles, type RepositoryFile, repositoryRevision } from "./files";
import { buildKnowledgePart, type FileFacts, type KnowledgePart } from "./knowledge-part";
import { buildOverview, type Overview } from "./overview";
import { loadShard, type SearchIndex, type SerializedShard } from "./search-index";

export type { FileFacts } from "./knowledge-part";

/** Bump when what is cached changes shape. */
const FORMAT = 3;
/** Below this many files per thread, starting another parse thread costs more than it saves. */
const FILES_PER_EXTRA_THREAD = Number(process.env.GUIDE_FILES_PER_THREAD ?? 400);

export type KnowledgeStats = {
  via: FileListing["via"];
  files: number;
  symbols: number;
  sections: number;
  skipped: FileListing["skipped"];
  threads: number;
  /** Reading, parsing and indexing the files; then putting the parts together. */
  readMs: number;
  joinMs: number;
  buildMs: number;
  fromCache: boolean;
};

export type Knowledge = {
  root: string;
  revision: string;
  overview: Overview;
  files: Record<string, FileFacts>;
  index: SearchIndex;
  stats: KnowledgeStats;
};

type Stored = Omit<Knowledge, "index"> & { format: number; index: SerializedShard[] };

export function cacheDirectory(): string {
  return (
    process.env.GUIDE_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "onboarding-rooms", "guide")
  );
}

/** The parts: built here for a small repository, or by several parse threads at once for a large one. */
async function buildParts(root: string, files: RepositoryFile[]): Promise<{ parts: KnowledgePart[]; threads: number }> {
  // One core stays for the room (the job's event loop, its audio, the LiveKit connection). Measured on two
  // cores with 10k files: two parse threads took 15 s and peaked at 620 MB; one took 10.5 s and 370 MB.
  const threads = Math.max(1, Math.min(os.availableParallelism() - 1, 4, Math.floor(files.length / FILES_PER_EXTRA_THREAD)));
  if (threads === 1) return { parts: [await buildKnowledgePart(root, files)], threads };
  // Round-robin shares, so that one thread does not get all of one big folder.
  const shares: RepositoryFile[][] = Array.from({ length: threads }, () => []);
  for (const [index, file] of files.entries()) shares[index % threads]!.push(file);
  const parts = await Promise.all(
    shares.map(
      (share) =>
        new Promise<KnowledgePart>((resolve, reject) => {
          const thread = spawnModuleThread(new URL("./parse-thread.ts", import.meta.url), { root, files: share });
          thread.once("message", (part: Omit<KnowledgePart, "shard"> & { shard: SerializedShard }) => {
            resolve({ ...part, shard: loadShard(part.shard) });
            void thread.terminate();
          });
          thread.once("error", reject);
        }),
    ),
  );
  return { parts, threads };
}

/** Reads the listed repository and builds what the guide knows of it. */
async function build(listing: FileListing, revision: string): Promise<Knowledge> {
  const started = performance.now();
  const { parts, threads } = await buildParts(listing.root, listing.files);
  const read = performance.now();
  const files: Record<string, FileFacts> = Object.assign({}, ...parts.map((part) => part.files));
  const texts: Record<string, string> = Object.assign({}, ...parts.map((part) => part.texts));
  const overview = buildOverview({
    rootName: path.basename(listing.root),
    files: parts.flatMap((part) => part.readable),
    text: (relative) => texts[relative],
    header: (relative) => files[relative]?.header,
  });
  const sum = (pick: (part: KnowledgePart) => number) => parts.reduce((total, part) => total + pick(part), 0);
  return {
    root: listing.root,
    revision,
    overview,
    files,
    index: parts.map((part) => part.shard),
    stats: {
      via: listing.via,
      files: Object.keys(files).length,
      symbols: sum((part) => part.symbols),
      sections: sum((part) => part.sections),
      skipped: { ...listing.skipped, binary: listing.skipped.binary + sum((part) => part.unreadable) },
      threads,
      readMs: Math.round(read - started),
      joinMs: Math.round(performance.now() - read),
      buildMs: Math.round(performance.now() - started),
      fromCache: false,
    },
  };
}

/** Builds what the guide knows of the repository, without the cache. */
export async function buildKnowledge(root: string): Promise<Knowledge> {
  const listing = listRepositoryFiles(root);
  return build(listing, repositoryRevision(listing.root, listing));
}

function cacheFile(root: string, revision: string): string {
  const key = createHash("sha256").update(root).digest("hex").slice(0, 16);
  return path.join(cacheDirectory(), `${key}-${revision}.json`);
}

/**
 * The knowledge for the root's current revision: from the cache, or built and
 * cached. Only one process builds a revision at a time (a lock file beside the
 * cache); the others wait for its result. `onBuilding` is called when there is
 * nothing cached yet, so the guide can say that it is still reading.
 */
export async function loadOrBuildKnowledge(root: string, onBuilding?: () => void): Promise<Knowledge> {
  const listing = listRepositoryFiles(root);
  const revision = repositoryRevision(listing.root, listing);
  const file = cacheFile(listing.root, revision);
  const cached = await readCached(file);
  if (cached) return cached;
  onBuilding?.();
  await mkdir(path.dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  const mine = await open(lock, "wx").catch(() => undefined);
  if (!mine) {
    // Another process is building this revision: wait for its result (or take over a stale lock).
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const built = await readCached(file);
      if (built) return built;
      const lockAge = await stat(lock).then(
        (info) => Date.now() - info.mtimeMs,
        () => Number.POSITIVE_INFINITY,
      );
      if (lockAge > 60_000) break;
    }
  }
  try {
    const knowledge = await build(listing, revision);
    const stored: Stored = { ...knowledge, format: FORMAT, index: knowledge.index.map((shard) => shard.toJSON()) };
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(stored));
    await rename(temporary, file);
    return knowledge;
  } finally {
    await mine?.close();
    if (mine) await unlink(lock).catch(() => undefined);
  }
}

async function readCached(file: string): Promise<Knowledge | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const stored = JSON.parse(text) as Stored;
    if (stored.format !== FORMAT) return undefined;
    const { format: _format, index, ...rest } = stored;
    return { ...rest, index: index.map(loadShard), stats: { ...rest.stats, fromCache: true } };
  } catch {
    return undefined;
  }
}
