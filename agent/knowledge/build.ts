/**
 * Everything the guide knows about one repository at one revision: the
 * overview, each file's header and symbols, the search index, and which
 * lines the read gate blanked. Built by reading the repository once through
 * the gate (files.ts, read-files.ts, overview.ts), with the parsing spread
 * over parse threads for large repositories. cache.ts keeps it on disk.
 *
 * Runs in the knowledge thread (knowledge-thread.ts), never on a job's event loop.
 */
import type { HearingSettings } from "./hearing-model";
import os from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { type FileFacts, type FileKnowledge, filesKnowledge } from "./file-knowledge";
import { importResolver } from "./imports";
import { type FileListing, listRepositoryFiles, type RepositoryFile, repositoryRevision } from "./files";
import { buildOverview, type Overview } from "./overview";
import { ALL_LAYERS, type GateLayers, ReadGate, type Redaction } from "./read-gate";
import { createSearchIndex, type IndexEntry, type SearchIndex } from "./search-index";
import { entryModule, spawnModuleThread } from "./threads";

/** Below this many files per thread, starting another parse thread costs more than it saves. */
const FILES_PER_EXTRA_THREAD = 400;

/** How knowledge is built: set by the guide's configuration (agent/config.ts), passed down to here. */
export type KnowledgeSettings = {
  /** Where what was learned is cached; none, no cache. */
  cacheDir?: string;
  /** Parse threads for a large repository (1–8); none, one per 400 files, at most 4, fewer than the cores. */
  parseThreads?: number;
  /** The read gate's layers: all of them, except in the leak tests. */
  layers?: GateLayers;
  /** Where the hearing model's pronunciations come from (hearing-model.ts); Debian's paths when absent. */
  hearing?: HearingSettings;
};

export type KnowledgeStats = {
  via: FileListing["via"];
  files: number;
  symbols: number;
  sections: number;
  /** Lines the read gate blanked. */
  redactedLines: number;
  skipped: FileListing["skipped"];
  threads: number;
  /** Reading, parsing and indexing the files; then the overview. */
  readMs: number;
  overviewMs: number;
  buildMs: number;
  fromCache: boolean;
};

/** A line the gate blanked, in which file. */
export type FileRedaction = Redaction & { path: string };

export type Knowledge = {
  /** The gate every read and every answer goes through. */
  gate: ReadGate;
  revision: string;
  /** When the files were listed to be read (ms since the epoch): a file modified after it has changed since. */
  indexedAt: number;
  overview: Overview;
  files: Record<string, FileFacts>;
  index: SearchIndex;
  redactions: FileRedaction[];
  stats: KnowledgeStats;
  /** Not cached: the cache's path for this revision (what is made later, the hearing model, is cached beside it), and the hearing settings. */
  cacheBase?: string;
  hearing?: HearingSettings;
};

function parseThreads(files: number, asked: number | undefined): number {
  if (asked !== undefined && asked >= 1) return Math.min(asked, 8);
  // One core stays for the room (the job's event loop, its audio, the LiveKit connection), and each
  // parse thread holds its own parsers and heap: on two cores there is none.
  return Math.max(1, Math.min(os.availableParallelism() - 1, 4, Math.floor(files / FILES_PER_EXTRA_THREAD)));
}

/**
 * Reads every listed file through the gate, here or (for a large repository,
 * with cores to spare) across parse threads, and hands what is kept of each
 * to `onFile` as soon as it is read: nothing holds every file's record at once.
 */
async function readAll(gate: ReadGate, files: RepositoryFile[], threads: number, onFile: (file: FileKnowledge) => void): Promise<void> {
  if (threads === 1) {
    for await (const file of filesKnowledge(gate, files)) onFile(file);
    return;
  }
  // Round-robin shares, so that one thread does not get all of one big folder.
  const shares: RepositoryFile[][] = Array.from({ length: threads }, () => []);
  for (const [index, file] of files.entries()) shares[index % threads]!.push(file);
  const running = new Set<Worker>();
  // When one thread fails, the others stop too: their work is lost with it.
  const stopAll = () => {
    for (const thread of running) void thread.terminate();
    running.clear();
  };
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve, reject) => {
          const thread = spawnModuleThread(entryModule("parse-thread", import.meta.url), {
            root: gate.root,
            layers: gate.layers,
            files: share,
          });
          running.add(thread);
          const fail = (error: Error) => {
            if (!running.has(thread)) return; // finished, or stopped because another failed
            stopAll();
            reject(error);
          };
          thread.on("message", (batch: FileKnowledge[] | null) => {
            if (batch === null) {
              running.delete(thread);
              resolve();
              void thread.terminate();
              return;
            }
            for (const file of batch) onFile(file);
          });
          thread.once("error", fail);
          thread.once("exit", (code) => fail(new Error(`a parse thread stopped before it finished (exit code ${code})`)));
        }),
    ),
  );
}

/**
 * Reads the listed repository and builds what the guide knows of it, the
 * index growing file by file. `keep` receives each file's index entries as
 * they are indexed (the cache writes them out).
 */
export async function buildFromListing(
  gate: ReadGate,
  listing: FileListing,
  revision: string,
  settings: KnowledgeSettings,
  keep?: (entries: IndexEntry[]) => void,
): Promise<Knowledge> {
  const started = performance.now();
  const indexedAt = Date.now();
  const index = createSearchIndex();
  // No prototype: a repository may hold a file called `__proto__` or `constructor`.
  const files: Record<string, FileFacts> = Object.create(null);
  const readable: Array<{ path: string; size: number }> = [];
  const texts: Record<string, string> = {};
  const redactions: FileRedaction[] = [];
  const specifiers = new Map<string, string[]>();
  let symbols = 0;
  let sections = 0;
  let unreadable = 0;
  const threads = parseThreads(listing.files.length, settings.parseThreads);
  await readAll(gate, listing.files, threads, (file) => {
    if (!file.facts) {
      unreadable += 1;
      return;
    }
    files[file.path] = file.facts;
    readable.push({ path: file.path, size: file.size });
    if (file.text !== undefined) texts[file.path] = file.text;
    if (file.specifiers.length > 0) specifiers.set(file.path, file.specifiers);
    for (const redaction of file.redactions) redactions.push({ path: file.path, ...redaction });
    symbols += file.symbols;
    sections += file.sections;
    index.addAll(file.entries);
    keep?.(file.entries);
  });
  // Imports resolve only once every file is known: a file may import one read after it.
  const resolve = importResolver(Object.keys(files), (relative) => texts[relative]);
  for (const [file, named] of specifiers) {
    const imports = [...new Set(named.map((specifier) => resolve(file, specifier)).filter((each) => each !== undefined))];
    if (imports.length > 0) files[file]!.imports = imports.sort();
  }
  const read = performance.now();
  const overview = buildOverview({
    rootName: path.basename(gate.root),
    files: readable,
    text: (relative) => texts[relative],
    header: (relative) => files[relative]?.header,
  });
  return {
    gate,
    revision,
    indexedAt,
    overview: await gate.releaseAll(overview),
    files,
    index,
    redactions: redactions.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line),
    stats: {
      via: listing.via,
      files: readable.length,
      symbols,
      sections,
      redactedLines: redactions.length,
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
export async function buildKnowledge(root: string, settings: KnowledgeSettings = {}): Promise<Knowledge> {
  const gate = ReadGate.open(root, settings.layers ?? ALL_LAYERS);
  const listing = listRepositoryFiles(gate);
  return buildFromListing(gate, listing, repositoryRevision(listing), settings);
}
