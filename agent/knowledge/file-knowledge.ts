/**
 * What the guide keeps of one file: its facts (language, header, main
 * symbols), its search-index entries (the file, each symbol, each Markdown
 * section), and its text if the overview reads it. Made one file at a time
 * from its record (read-files.ts) and handed on at once, so that reading a
 * large repository never holds every file's record.
 */
import path from "node:path";
import type { RepositoryFile } from "./files";
import type { ReadGate, Redaction } from "./read-gate";
import { type FileRecord, fileRecords } from "./read-files";
import type { IndexEntry } from "./search-index";
import { type CodeSymbol, firstSentence } from "./symbols";

/** Symbols kept per file for "what does this file do" (exported first). */
const SYMBOLS_PER_FILE = 16;

export type FileFacts = {
  language?: string;
  header?: string;
  symbols: Array<Pick<CodeSymbol, "name" | "kind" | "line" | "exported" | "doc">>;
  /** The repository's files it imports; build.ts resolves them once every file is known (imports.ts). */
  imports?: string[];
};

export type FileKnowledge = {
  path: string;
  size: number;
  /** Undefined for a file that could not be read (binary, or gone): nothing else is set then. */
  facts?: FileFacts;
  entries: IndexEntry[];
  /** The (redacted) text, for the few files the overview reads. */
  text?: string;
  /** The modules it imports, as written. */
  specifiers: string[];
  symbols: number;
  sections: number;
  /** The lines the read gate blanked. */
  redactions: Redaction[];
};

/** `ordered`: the file's symbols, exported first. */
function entriesOf(record: FileRecord, ordered: CodeSymbol[]): IndexEntry[] {
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

function knowledgeOf(record: FileRecord): FileKnowledge {
  if (!record.readable)
    return { path: record.path, size: record.size, entries: [], specifiers: [], symbols: 0, sections: 0, redactions: [] };
  const ordered = [...record.symbols].sort((a, b) => Number(b.exported) - Number(a.exported) || a.line - b.line);
  return {
    path: record.path,
    size: record.size,
    facts: {
      ...(record.language ? { language: record.language } : {}),
      ...(record.header ? { header: record.header } : {}),
      symbols: ordered
        .slice(0, SYMBOLS_PER_FILE)
        .map(({ name, kind, line, exported, doc }) => ({ name, kind, line, exported, ...(doc ? { doc } : {}) })),
    },
    entries: entriesOf(record, ordered),
    ...(record.text !== undefined ? { text: record.text } : {}),
    specifiers: record.imports,
    symbols: record.symbols.length,
    sections: record.sections.length,
    redactions: record.redactions,
  };
}

/** What the guide keeps of each of these files, one file at a time. */
export async function* filesKnowledge(gate: ReadGate, files: RepositoryFile[]): AsyncGenerator<FileKnowledge> {
  for await (const record of fileRecords(gate, files)) yield knowledgeOf(record);
}
