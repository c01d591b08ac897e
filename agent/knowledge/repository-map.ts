/**
 * The map of a repository: its main folders as modules, and the imports
 * between them, computed from the index (each file's resolved imports,
 * imports.ts), never written by a model, so that it is always right about
 * what it shows and cannot fail to render.
 *
 * Modules are the folders that hold code (a folder of only manifests or
 * docs joins the nearest module above it, or stays off the map). When there
 * are more than MAX_MODULES, the deepest are folded into their parents until
 * the map is readable: a large repository shows its top folders, a small one
 * its packages. Each module
 * says what it is (the overview's purpose, its entry file's header), how many
 * files it holds, and which file to open for it.
 */
import path from "node:path";
import type { Knowledge } from "./build";
import { SUPPORTING, TESTS } from "./file-roles";
import { languageOf } from "./languages";

/** More boxes than this is a wall, not a map. */
export const MAX_MODULES = 24;
/** The heaviest arrows; the rest would only add ink. */
const MAX_EDGES = 60;
const MAX_PURPOSE = 100;

export type MapModule = {
  /** The folder, relative to the root; "" for the files at the top. */
  folder: string;
  files: number;
  purpose?: string;
  /** The file that best stands for the module (its entry file, or its most imported one). */
  open: string;
};

/** `from` imports `to` (indexes into modules), through `imports` file-to-file imports. */
export type MapEdge = { from: number; to: number; imports: number };

export type RepositoryMap = { revision: string; modules: MapModule[]; edges: MapEdge[]; files: number };

const ENTRY_NAMES = /^(main|index|__init__|mod|lib|app|server|cli|page)\.[a-z]+$/;

const folderOf = (file: string) => (path.posix.dirname(file) === "." ? "" : path.posix.dirname(file));
const parentOf = (folder: string) => (folder === "" ? "" : folderOf(folder));
const depthOf = (folder: string) => (folder === "" ? 0 : folder.split("/").length);

const isCode = (file: string) => languageOf(file)?.grammar !== undefined;

/**
 * The folders that hold code, folded until at most `max` remain: the deepest
 * level first, its smallest folders first (folding one only grows a folder
 * one level up, so a level's order holds while it is folded), then the next
 * level up. Linear in the folders, after sorting each level once.
 */
function foldFolders(files: string[], max: number): Set<string> {
  const sizes = new Map<string, number>();
  for (const file of files.filter(isCode)) sizes.set(folderOf(file), (sizes.get(folderOf(file)) ?? 0) + 1);
  const levels = new Map<number, Set<string>>();
  const place = (folder: string) => {
    const depth = depthOf(folder);
    levels.set(depth, (levels.get(depth) ?? new Set()).add(folder));
  };
  for (const folder of sizes.keys()) place(folder);
  for (let depth = Math.max(0, ...levels.keys()); depth >= 1 && sizes.size > max; depth -= 1) {
    const level = [...(levels.get(depth) ?? [])].sort((a, b) => sizes.get(a)! - sizes.get(b)! || a.localeCompare(b));
    for (const folder of level) {
      if (sizes.size <= max) break;
      const parent = parentOf(folder);
      if (!sizes.has(parent)) place(parent);
      sizes.set(parent, (sizes.get(parent) ?? 0) + sizes.get(folder)!);
      sizes.delete(folder);
    }
  }
  return new Set(sizes.keys());
}

const STARTS = /^(main|index|__main__|app|server|cli|page)\.[a-z]+$/;

/**
 * Where things start: code files that nothing imports and that import the
 * repository's own modules, the ones named like entry points first. At most three.
 */
export function entryPoints(knowledge: Knowledge, importedBy = importers(knowledge, (file) => !TESTS.test(file))): string[] {
  return Object.keys(knowledge.files)
    .filter((file) => !SUPPORTING.test(file) && !importedBy.get(file) && isCode(file) && (knowledge.files[file]!.imports?.length ?? 0) > 0)
    .map((file) => ({
      file,
      score: knowledge.files[file]!.imports!.length + (STARTS.test(path.posix.basename(file)) ? 3 : 0) - file.split("/").length * 0.5,
    }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.file.localeCompare(b.file))
    .slice(0, 3)
    .map((entry) => entry.file);
}

/** How many files (not tests) import each file. */
export function importers(knowledge: Knowledge, counts = (_file: string) => true): Map<string, number> {
  const counted = new Map<string, number>();
  for (const [file, facts] of Object.entries(knowledge.files)) {
    if (!counts(file)) continue;
    for (const imported of facts.imports ?? []) counted.set(imported, (counted.get(imported) ?? 0) + 1);
  }
  return counted;
}

export function repositoryMap(knowledge: Knowledge): RepositoryMap {
  const files = Object.keys(knowledge.files).sort();
  const folders = foldFolders(files, MAX_MODULES);
  const moduleOf = new Map<string, string>();
  const boxOf = (file: string) => {
    let folder = folderOf(file);
    while (!folders.has(folder) && folder !== "") folder = parentOf(folder);
    return folders.has(folder) ? folder : undefined;
  };
  for (const file of files) {
    const box = boxOf(file);
    if (box !== undefined) moduleOf.set(file, box);
  }
  const importedBy = importers(knowledge);
  const members = new Map<string, string[]>();
  for (const [file, box] of moduleOf) {
    const inside = members.get(box);
    if (inside) inside.push(file);
    else members.set(box, [file]);
  }

  const ordered = [...members.keys()].sort();
  const index = new Map(ordered.map((folder, position) => [folder, position]));
  const modules: MapModule[] = ordered.map((folder) => {
    const inside = members.get(folder)!.sort();
    const direct = inside.filter((file) => folderOf(file) === folder);
    const byImporters = [...inside].sort((a, b) => (importedBy.get(b) ?? 0) - (importedBy.get(a) ?? 0) || a.length - b.length);
    const entry = direct.find((file) => ENTRY_NAMES.test(path.posix.basename(file)) && isCode(file));
    const open =
      entry ?? (importedBy.get(byImporters[0]!) ? byImporters[0]! : (inside.find((file) => knowledge.files[file]?.header) ?? inside[0]!));
    const overviewPurpose = knowledge.overview.folders.find((each) => each.name === folder)?.purpose;
    const purpose = overviewPurpose ?? knowledge.files[open]?.header;
    return {
      folder,
      files: inside.length,
      open,
      ...(purpose ? { purpose: purpose.length > MAX_PURPOSE ? `${purpose.slice(0, MAX_PURPOSE - 1)}…` : purpose } : {}),
    };
  });

  const weights = new Map<string, number>();
  for (const [file, facts] of Object.entries(knowledge.files)) {
    const box = moduleOf.get(file);
    if (box === undefined) continue;
    const from = index.get(box)!;
    for (const imported of facts.imports ?? []) {
      const target = moduleOf.get(imported);
      if (target === undefined) continue;
      const to = index.get(target)!;
      if (to === from) continue;
      const key = `${from}>${to}`;
      weights.set(key, (weights.get(key) ?? 0) + 1);
    }
  }
  const edges = [...weights.entries()]
    .map(([key, imports]) => {
      const [from, to] = key.split(">").map(Number) as [number, number];
      return { from, to, imports };
    })
    .sort((a, b) => b.imports - a.imports || a.from - b.from || a.to - b.to)
    .slice(0, MAX_EDGES);
  return { revision: knowledge.revision, modules, edges, files: files.length };
}
