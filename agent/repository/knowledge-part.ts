/**
 * A part of what the guide knows of a repository: for a share of its files,
 * each file's facts (language, header, main symbols), the text of the few
 * files the overview reads, and a search-index shard. A small repository is
 * one part; a large one is split across parse threads, one part each, built
 * at the same time (parse-thread.ts).
 */
import path from "node:path";
import type MiniSearch from "minisearch";
import type { RepositoryFile } from "./files";
import { type FileRecord, readFileRecords } from "./read-files";
import { buildShard, type IndexEntry } from "./search-index";
import { type CodeSymbol, firstSentence } from "./symbols";

/** Symbols kept per file for "what does this file do" (exported first). */
const SYMBOLS_PER_FILE = 16;

export type FileFacts = {
  language?: string;
  header?: string;
  symbols: Array<Pick<CodeSymbol, "name" | "kind" | "line" | "exported" | "doc">>;
};

export type KnowledgePart = {
  files: Record<string, FileFacts>;
  /** The files that could be read, with their sizes (languages by share are by bytes). */
  readable: Array<{ path: string; size: number }>;
  texts: Record<string, string>;
  symbols: number;
  sections: number;
  unreadable: number;
  shard: MiniSearch<IndexEntry>;
};

function entriesOf(record: FileRecord): IndexEntry[] {
  const ordered = [...record.symbols].sort((a, b) => Number(b.exported) - Number(a.exported) || a.line - b.line);
  const entries: IndexEntry[] = [
    {
      id: record.path,
      kind: "file",
      path: record.path,
      line: 1,
      name: path.posix.basename(record.path).replace(/\.[^.]+$/, ""),
      title: record.header ?? "",
      // Its whole header comment, and its main exports: enough to rank a file by what it is for
      // and what it offers (each symbol has its own entry too).
      text: `${record.fullHeader ?? ""} ${ordered
        .filter((symbol) => symbol.exported)
        .slice(0, 12)
        .map((symbol) => symbol.name)
        .join(" ")}`,
    },
  ];
  for (const symbol of record.symbols) {
    entries.push({
      id: `${record.path}:${symbol.line}:${symbol.name}`,
      kind: "symbol",
      path: record.path,
      line: symbol.line,
      name: symbol.name,
      title: symbol.doc ?? "",
      // For object properties, their container and first lines (a router's procedures say what they are there).
      text: symbol.kind === "property" ? `${symbol.container ?? ""} ${symbol.body}` : (symbol.container ?? ""),
      symbolKind: symbol.kind,
      exported: symbol.exported,
      ...(symbol.container ? { container: symbol.container } : {}),
    });
  }
  for (const section of record.sections) {
    entries.push({
      id: `${record.path}#${section.line}`,
      kind: "section",
      path: record.path,
      line: section.line,
      name: section.heading,
      title: firstSentence(section.body) ?? "",
      text: section.body,
    });
  }
  return entries;
}

export async function buildKnowledgePart(root: string, files: RepositoryFile[]): Promise<KnowledgePart> {
  const records = await readFileRecords(root, files);
  const part: Omit<KnowledgePart, "shard"> = { files: {}, readable: [], texts: {}, symbols: 0, sections: 0, unreadable: 0 };
  const entries: IndexEntry[] = [];
  for (const record of records) {
    if (!record.readable) {
      part.unreadable += 1;
      continue;
    }
    const ordered = [...record.symbols].sort((a, b) => Number(b.exported) - Number(a.exported) || a.line - b.line);
    part.files[record.path] = {
      ...(record.language ? { language: record.language } : {}),
      ...(record.header ? { header: record.header } : {}),
      symbols: ordered
        .slice(0, SYMBOLS_PER_FILE)
        .map(({ name, kind, line, exported, doc }) => ({ name, kind, line, exported, ...(doc ? { doc } : {}) })),
    };
    part.readable.push({ path: record.path, size: record.size });
    if (record.text !== undefined) part.texts[record.path] = record.text;
    part.symbols += record.symbols.length;
    part.sections += record.sections.length;
    entries.push(...entriesOf(record));
  }
  return { ...part, shard: buildShard(entries) };
}
