/**
 * What the guide learned of a repository, cached on disk per repo root and
 * revision, so that every room onboarding people onto the same repository
 * (in every job process of the worker) reads it once.
 *
 * The cache keeps all but the index, and beside it the index's entries (see
 * search-index.ts): a load adds them again. Only a root's latest revision
 * stays, only one process builds a revision at a time (a lock file), and a
 * cache that cannot be written only costs time. Knowledge built through a
 * loosened gate (the leak tests) is never cached.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import { buildFromListing, type Knowledge, type KnowledgeSettings } from "./build";
import { listRepositoryFiles, repositoryRevision } from "./files";
import { ALL_LAYERS, ReadGate } from "./read-gate";
import { createSearchIndex, type IndexEntry } from "./search-index";

/** Bump when what is cached changes shape, or when the read gate's rules change what it blanks. */
const FORMAT = 6;

type Stored = Omit<Knowledge, "index" | "gate" | "cacheBase" | "hearing"> & { format: number };

/** A revision's cache: what is known, written last (so that it marks the pair complete), and the index's entries. */
function cacheFiles(directory: string, root: string, revision: string) {
  const key = createHash("sha256").update(root).digest("hex").slice(0, 16);
  const base = path.join(directory, `${key}-${revision}`);
  return { key, base, known: `${base}.json`, entries: `${base}.entries.ndjson` };
}

type CacheFiles = ReturnType<typeof cacheFiles>;

/**
 * Removes what is cached of the root's other revisions: a repository that
 * moves on would otherwise fill the disk. Only finished files: another
 * process may be writing (or holding the lock of) another revision.
 */
async function forgetOtherRevisions(cache: CacheFiles): Promise<void> {
  const folder = path.dirname(cache.base);
  const current = path.basename(cache.base);
  for (const name of await readdir(folder)) {
    const finished = name.endsWith(".json") || name.endsWith(".entries.ndjson");
    if (finished && name.startsWith(`${cache.key}-`) && !name.startsWith(`${current}.`)) {
      await unlink(path.join(folder, name)).catch(() => undefined);
    }
  }
}

async function readCached(cache: CacheFiles, gate: ReadGate): Promise<Knowledge | undefined> {
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
  // What was cached passed the gate when it was built; the overview passes it again, as it would leave.
  return { ...known, overview: await gate.releaseAll(known.overview), gate, index, stats: { ...known.stats, fromCache: true } };
}

/**
 * The knowledge for the root's current revision: from the cache, or built and
 * cached. `onBuilding` is called when there is nothing cached yet, so the
 * guide can say that it is still reading.
 */
export async function loadOrBuildKnowledge(root: string, settings: KnowledgeSettings, onBuilding?: () => void): Promise<Knowledge> {
  const knowledge = await loadOrBuild(root, settings, onBuilding);
  return { ...knowledge, ...(settings.hearing ? { hearing: settings.hearing } : {}) };
}

async function loadOrBuild(root: string, settings: KnowledgeSettings, onBuilding?: () => void): Promise<Knowledge> {
  const layers = settings.layers ?? ALL_LAYERS;
  const gate = ReadGate.open(root, layers);
  const listing = listRepositoryFiles(gate);
  const revision = repositoryRevision(listing);
  const loosened = Object.values(layers).some((on) => !on);
  if (!settings.cacheDir || loosened) {
    onBuilding?.();
    return buildFromListing(gate, listing, revision, settings);
  }
  const cache = cacheFiles(settings.cacheDir, gate.root, revision);
  const cached = await readCached(cache, gate);
  if (cached) return { ...cached, cacheBase: cache.base };
  onBuilding?.();
  // Only this user reads what was learned of a repository: it holds its docs' and code's words.
  const writable = await mkdir(path.dirname(cache.known), { recursive: true, mode: 0o700 }).then(
    () => true,
    () => false,
  );
  if (!writable) return buildFromListing(gate, listing, revision, settings);
  const lock = `${cache.known}.lock`;
  const mine = await open(lock, "wx").catch(() => undefined);
  if (!mine) {
    // Another process is building this revision: wait for its result (or take over a stale lock).
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const built = await readCached(cache, gate);
      if (built) return { ...built, cacheBase: cache.base };
      const lockAge = await stat(lock).then(
        (info) => Date.now() - info.mtimeMs,
        () => Number.POSITIVE_INFINITY,
      );
      if (lockAge > 60_000) break;
    }
  }
  const entriesPart = `${cache.entries}.${process.pid}.tmp`;
  const knownPart = `${cache.known}.${process.pid}.tmp`;
  const entries = createWriteStream(entriesPart, { mode: 0o600 });
  let writing = true;
  entries.on("error", () => {
    writing = false;
  });
  try {
    const knowledge = await buildFromListing(gate, listing, revision, settings, (fileEntries) => {
      if (writing) entries.write(`${JSON.stringify(fileEntries)}\n`);
    });
    try {
      entries.end();
      await finished(entries);
      const { index: _index, gate: _gate, cacheBase: _cacheBase, hearing: _hearing, ...known } = knowledge;
      await rename(entriesPart, cache.entries);
      await writeFile(knownPart, JSON.stringify({ ...known, format: FORMAT } satisfies Stored), { mode: 0o600 });
      await rename(knownPart, cache.known);
      // What was made from the knowledge this replaces (the hearing model) was released under the gate's old rules: it goes too.
      await unlink(`${cache.base}.hearing.json`).catch(() => undefined);
      await forgetOtherRevisions(cache);
    } catch {
      // A full disk, say: this room has its knowledge, and the next one will try to cache it again.
      return knowledge;
    }
    return { ...knowledge, cacheBase: cache.base };
  } finally {
    entries.destroy();
    await unlink(entriesPart).catch(() => undefined);
    await unlink(knownPart).catch(() => undefined);
    await mine?.close();
    if (mine) await unlink(lock).catch(() => undefined);
  }
}
