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
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import { entryModule, spawnModuleThread } from "../threads/spawn";
import { type FileFacts, type FileKnowledge, filesKnowledge } from "./file-knowledge";
import { type FileListing, listRepositoryFiles, type RepositoryFile, repositoryRevision } from "./files";
import { buildOverview, type Overview } from "./overview";
import { createSearchIndex, type IndexEntry, type SearchIndex } from "./search-index";

/** Bump when what is cached changes shape. */
const FORMAT = 4;
/** Below this many files per thread, starting another parse thread costs more than it saves. */
const FILES_PER_EXTRA_THREAD = 400;

export type KnowledgeStats = {
  via: FileListing["via"];
  files: number;
  symbols: number;
  sections: number;
  skipped: FileListing["skipped"];
  threads: number;
  /** Reading, parsing and indexing the files; then the overview. */
  readMs: number;
  overviewMs: number;
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

/** The cache keeps all but the index, and beside it the index's entries (see search-index.ts). */
type Stored = Omit<Knowledge, "index"> & { format: number };

export function cacheDirectory(): string {
  return (
    process.env.GUIDE_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "onboarding-rooms", "guide")
  );
}

/** GUIDE_PARSE_THREADS if set (1 to 8), else one per 400 files, at most 4, and fewer than the cores. */
function parseThreads(files: number): number {
  const asked = Number.parseInt(process.env.GUIDE_PARSE_THREADS ?? "", 10);
  if (asked >= 1) return Math.min(asked, 8);
  // One core stays for the room (the job's event loop, its audio, the LiveKit connection), and each
  // parse thread holds its own parsers and heap: on two cores there is none.
  return Math.max(1, Math.min(os.availableParallelism() - 1, 4, Math.floor(files / FILES_PER_EXTRA_THREAD)));
}

/**
 * Reads every listed file, here or (for a large repository, with cores to
 * spare) across parse threads, and hands what is kept of each to `onFile` as
 * soon as it is read: nothing holds every file's record at once.
 */
async function readAll(root: string, files: RepositoryFile[], onFile: (file: FileKnowledge) => void): Promise<number> {
  const threads = parseThreads(files.length);
  if (threads === 1) {
    for await (const file of filesKnowledge(root, files)) onFile(file);
    return threads;
  }
  // Round-robin shares, so that one thread does not get all of one big folder.
  const shares: RepositoryFile[][] = Array.from({ length: threads }, () => []);
  for (const [index, file] of files.entries()) shares[index % threads]!.push(file);
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve, reject) => {
          const thread = spawnModuleThread(entryModule("parse-thread", import.meta.url), { root, files: share });
          thread.on("message", (batch: FileKnowledge[] | null) => {
            if (batch === null) {
              resolve();
              void thread.terminate();
              return;
            }
            for (const file of batch) onFile(file);
          });
          thread.once("error", reject);
          thread.once("exit", (code) => reject(new Error(`a parse thread stopped before it finished (exit code ${code})`)));
        }),
    ),
  );
  return threads;
}

/**
 * Reads the listed repository and builds what the guide knows of it, the
 * index growing file by file. `keep` receives each file's index entries as
 * they are indexed (the cache writes them out).
 */
async function build(listing: FileListing, revision: string, keep?: (entries: IndexEntry[]) => void): Promise<Knowledge> {
  const started = performance.now();
  const index = createSearchIndex();
  const files: Record<string, FileFacts> = {};
  const readable: Array<{ path: string; size: number }> = [];
  const texts: Record<string, string> = {};
  let symbols = 0;
  let sections = 0;
  let unreadable = 0;
  const threads = await readAll(listing.root, listing.files, (file) => {
    if (!file.facts) {
      unreadable += 1;
      return;
    }
    files[file.path] = file.facts;
    readable.push({ path: file.path, size: file.size });
    if (file.text !== undefined) texts[file.path] = file.text;
    symbols += file.symbols;
    sections += file.sections;
    index.addAll(file.entries);
    keep?.(file.entries);
  });
  const read = performance.now();
  const overview = buildOverview({
    rootName: path.basename(listing.root),
    files: readable,
    text: (relative) => texts[relative],
    header: (relative) => files[relative]?.header,
  });
  return {
    root: listing.root,
    revision,
    overview,
    files,
    index,
    stats: {
      via: listing.via,
      files: readable.length,
      symbols,
      sections,
      skipped: { ...listing.skipped, binary: listing.skipped.binary + unreadable },
      threads,
      readMs: Math.round(read - started),
      overviewMs: Math.round(performance.now() - read),
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

/** A revision's cache: what is known, written last (so that it marks the pair complete), and the index's entries. */
function cacheFiles(root: string, revision: string) {
  const key = createHash("sha256").update(root).digest("hex").slice(0, 16);
  const base = path.join(cacheDirectory(), `${key}-${revision}`);
  return { key, base, known: `${base}.json`, entries: `${base}.entries.ndjson` };
}

/** Removes what is cached of the root's other revisions: a repository that moves on would otherwise fill the disk. */
async function forgetOtherRevisions(cache: ReturnType<typeof cacheFiles>): Promise<void> {
  const folder = path.dirname(cache.base);
  const current = path.basename(cache.base);
  for (const name of await readdir(folder)) {
    if (name.startsWith(`${cache.key}-`) && !name.startsWith(`${current}.`)) await unlink(path.join(folder, name)).catch(() => undefined);
  }
}

/**
 * The knowledge for the root's current revision: from the cache, or built and
 * cached. Only one process builds a revision at a time (a lock file beside the
 * cache); the others wait for its result. `onBuilding` is called when there is
 * nothing cached yet, so the guide can say that it is still reading. The cache
 * only saves time: where it cannot be written, the knowledge is built anyway.
 */
export async function loadOrBuildKnowledge(root: string, onBuilding?: () => void): Promise<Knowledge> {
  const listing = listRepositoryFiles(root);
  const revision = repositoryRevision(listing.root, listing);
  const cache = cacheFiles(listing.root, revision);
  const cached = await readCached(cache);
  if (cached) return cached;
  onBuilding?.();
  const writable = await mkdir(path.dirname(cache.known), { recursive: true }).then(
    () => true,
    () => false,
  );
  if (!writable) return build(listing, revision);
  const lock = `${cache.known}.lock`;
  const mine = await open(lock, "wx").catch(() => undefined);
  if (!mine) {
    // Another process is building this revision: wait for its result (or take over a stale lock).
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const built = await readCached(cache);
      if (built) return built;
      const lockAge = await stat(lock).then(
        (info) => Date.now() - info.mtimeMs,
        () => Number.POSITIVE_INFINITY,
      );
      if (lockAge > 60_000) break;
    }
  }
  const entriesPart = `${cache.entries}.${process.pid}.tmp`;
  const knownPart = `${cache.known}.${process.pid}.tmp`;
  const entries = createWriteStream(entriesPart);
  let writing = true;
  entries.on("error", () => {
    writing = false;
  });
  try {
    const knowledge = await build(listing, revision, (fileEntries) => {
      if (writing) entries.write(`${JSON.stringify(fileEntries)}\n`);
    });
    try {
      entries.end();
      await finished(entries);
      const { index: _index, ...known } = knowledge;
      await rename(entriesPart, cache.entries);
      await writeFile(knownPart, JSON.stringify({ ...known, format: FORMAT } satisfies Stored));
      await rename(knownPart, cache.known);
      await forgetOtherRevisions(cache);
    } catch {
      // A full disk, say: this room has its knowledge, and the next one will try to cache it again.
    }
    return knowledge;
  } finally {
    entries.destroy();
    await unlink(entriesPart).catch(() => undefined);
    await unlink(knownPart).catch(() => undefined);
    await mine?.close();
    if (mine) await unlink(lock).catch(() => undefined);
  }
}

async function readCached(cache: ReturnType<typeof cacheFiles>): Promise<Knowledge | undefined> {
  let stored: Stored;
  try {
    stored = JSON.parse(await readFile(cache.known, "utf8")) as Stored;
  } catch {
    return undefined;
  }
  if (stored.format !== FORMAT) return undefined;
  const index = createSearchIndex();
  try {
    const lines = createInterface({ input: createReadStream(cache.entries), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) if (line) index.addAll(JSON.parse(line) as IndexEntry[]);
  } catch {
    return undefined;
  }
  const { format: _format, ...known } = stored;
  return { ...known, index, stats: { ...known.stats, fromCache: true } };
}
