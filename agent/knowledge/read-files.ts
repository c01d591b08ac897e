/**
 * Reading listed files into what the index needs: each file's language,
 * header sentence, symbols and Markdown sections, from the text the read gate
 * gives (secret lines already blanked), so nothing after it can see a secret.
 * Used in the knowledge thread, and in parse threads (parse-thread.ts) for
 * large repositories on machines with cores to spare.
 */
import { type Token, marked } from "marked";
import type { RepositoryFile } from "./files";
import { type LanguageInfo, languageOf } from "./languages";
import { parseManifest, plainText } from "./overview";
import { isRefusal, type ReadGate, type Redaction } from "./read-gate";
import { type CodeSymbol, firstSentence, SymbolReader } from "./symbols";

export type Section = { heading: string; line: number; body: string };

export type FileRecord = {
  path: string;
  size: number;
  /** False for a binary file, or one that could not be read: nothing else is set then. */
  readable: boolean;
  language?: string;
  /** The first sentence of its header comment (or heading, or manifest description). */
  header?: string;
  /** The whole header comment, bounded. */
  fullHeader?: string;
  symbols: CodeSymbol[];
  /** The modules it imports, as written. */
  imports: string[];
  sections: Section[];
  /** The (redacted) text of the few files the overview reads. */
  text?: string;
  /** The lines the read gate blanked. */
  redactions: Redaction[];
};

const OVERVIEW_FILES =
  /(^|\/)(readme(\.md)?|package\.json|makefile|pyproject\.toml|cargo\.toml|go\.mod|architecture\.md|contributing\.md)$/i;

/** A package manifest's own description of its package (package.json, pyproject.toml, Cargo.toml). */
function manifestDescription(relative: string, text: string): string | undefined {
  if (relative.endsWith("package.json")) {
    try {
      const description = (parseManifest(text) as { description?: unknown }).description;
      return typeof description === "string" && description.trim() ? description.trim().slice(0, 300) : undefined;
    } catch {
      return undefined;
    }
  }
  if (/(^|\/)(pyproject|Cargo)\.toml$/.test(relative)) return text.match(/^description\s*=\s*"([^"]+)"/m)?.[1]?.slice(0, 300);
  return undefined;
}

/** Markdown sections (heading, line, plain text) of a document. */
export function markdownSections(text: string): Section[] {
  const sections: Section[] = [];
  let line = 1;
  let current: Section | undefined;
  const tokens: Token[] = marked.lexer(text);
  for (const token of tokens) {
    if (token.type === "heading") {
      if (current) sections.push(current);
      current = { heading: plainText((token as { text: string }).text), line, body: "" };
    } else if (current && current.body.length < 800 && "text" in token && typeof token.text === "string") {
      current.body += ` ${token.type === "code" ? token.text : plainText(token.text)}`;
    }
    line += (token.raw.match(/\n/g) ?? []).length;
  }
  if (current) sections.push(current);
  return sections.map((section) => ({ ...section, body: section.body.replace(/\s+/g, " ").trim().slice(0, 800) }));
}

/** Each listed file's record, one at a time, so that a caller never holds them all. */
export async function* fileRecords(gate: ReadGate, files: RepositoryFile[], reader = new SymbolReader()): AsyncGenerator<FileRecord> {
  // One language after another: switching the parser's grammar on every file costs a quarter of the parsing.
  const ordered = files
    .map((file) => ({ file, language: languageOf(file.path) }))
    .sort((a, b) => (a.language?.grammar ?? "").localeCompare(b.language?.grammar ?? ""));
  for (const { file, language } of ordered) yield await recordOf(gate, file, language, reader);
}

async function recordOf(
  gate: ReadGate,
  file: RepositoryFile,
  language: LanguageInfo | undefined,
  reader: SymbolReader,
): Promise<FileRecord> {
  // Read at the path the gate checked when it listed the file (opened without following a link).
  const gated = await gate.read(file);
  if (isRefusal(gated))
    return { path: file.path, size: file.size, readable: false, symbols: [], imports: [], sections: [], redactions: [] };
  const { text, redactions } = gated;
  let symbols: CodeSymbol[] = [];
  let imports: string[] = [];
  let header: string | undefined;
  let fullHeader: string | undefined;
  if (language?.grammar) {
    const parsed = await reader.read(text, language.grammar);
    symbols = parsed.symbols;
    imports = parsed.imports;
    header = parsed.header ? firstSentence(parsed.header) : undefined;
    fullHeader = parsed.header;
  }
  const sections = language?.name === "Markdown" ? markdownSections(text) : [];
  header ??= sections[0]?.heading ?? manifestDescription(file.path, text);
  return {
    path: file.path,
    size: file.size,
    readable: true,
    ...(language ? { language: language.name } : {}),
    ...(header ? { header } : {}),
    ...(fullHeader && fullHeader !== header ? { fullHeader } : {}),
    symbols,
    imports,
    sections,
    ...(OVERVIEW_FILES.test(file.path) && file.size < 256 * 1024 ? { text } : {}),
    redactions,
  };
}
