/**
 * The full-text index behind "where is…" answers: MiniSearch over files,
 * symbols and documentation sections, with tokens that understand code.
 *
 * Code-aware tokens: identifiers are split at camelCase and PascalCase
 * boundaries, snake_case and kebab-case, dots and slashes, and each part is
 * indexed beside the whole (so "createRoomEnsurer" is found by "room
 * ensurer" and by "createroomensurer"); words are stemmed (Porter, the
 * `stemmer` package), so "participants" finds "participant".
 *
 * @see https://lucaong.github.io/minisearch/
 */
import MiniSearch, { type Options, type SearchResult } from "minisearch";
import { stemmer } from "stemmer";
import type { SymbolKind } from "./symbols";

export type EntryKind = "file" | "symbol" | "section";

export type IndexEntry = {
  id: string;
  kind: EntryKind;
  path: string;
  line: number;
  /** A symbol's or section's name; a file's base name. */
  name: string;
  /** A file's header sentence, a symbol's doc, a section's first sentence. */
  title: string;
  /** More words to match: a file's header and exports, a member's container and first lines, a section's text. */
  text: string;
  symbolKind?: SymbolKind;
  exported?: boolean;
  /** For members: what they are declared in ("livekitRouter" for its "join"). */
  container?: string;
};

export type Hit = {
  kind: EntryKind;
  path: string;
  line: number;
  name: string;
  title: string;
  symbolKind?: SymbolKind;
  exported?: boolean;
  container?: string;
  score: number;
};

// Question words and glue: they say what kind of answer is wanted, not where to look.
const STOPWORDS = new Set(
  "a an and are as at be by can could do does doing done for from how i in is it its me my of on or our please show tell that the their them there these this to us we what where which who why with would you your find located lives live defined define file files code".split(
    " ",
  ),
);

const WORD = /[A-Za-z0-9]+/g;
// The parts of an identifier: "HTTPServerError" → HTTP, Server, Error; "token2Jwt" → token, 2, Jwt.
const PART = /[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g;

// Names that are one word, however they are cased: split, "LiveKit" would make every mention a match for "live".
const COMPOUND_NAMES = new Set(
  "LiveKit JavaScript TypeScript GitHub GitLab PostgreSQL MySQL MongoDB WebSocket WebSockets WebRTC WebAssembly OpenAI GraphQL DevTools OAuth iOS macOS YouTube FastAPI NodeJS".split(
    " ",
  ),
);

/** The raw words of a text, with code identifiers split into their parts (the whole kept too). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.match(WORD) ?? []) {
    tokens.push(raw);
    if (COMPOUND_NAMES.has(raw)) continue;
    const parts = raw.match(PART);
    if (parts && parts.length > 1) for (const part of parts) tokens.push(part);
  }
  return tokens;
}

// Code repeats its words endlessly: each distinct term is stemmed once (bounded, so a huge repository cannot grow it forever).
const processed = new Map<string, string | null>();
const MAX_PROCESSED = 200_000;

// English verbs Porter's stemmer leaves alone: asking "where is it built?" should find "building".
const IRREGULAR: Record<string, string> = {
  built: "build",
  made: "make",
  ran: "run",
  written: "write",
  wrote: "write",
  sent: "send",
  kept: "keep",
  began: "begin",
  begun: "begin",
  thrown: "throw",
  threw: "throw",
  drawn: "draw",
  drew: "draw",
  chosen: "choose",
  taken: "take",
  given: "give",
  held: "hold",
  spent: "spend",
  stored: "store",
  bound: "bind",
  caught: "catch",
  brought: "bring",
  met: "meet",
  left: "leave",
  lost: "lose",
  read: "read",
  set: "set",
};

/** One term as indexed and searched: lower-cased and stemmed; stopwords and single letters dropped. */
export function processTerm(term: string): string | null {
  const known = processed.get(term);
  if (known !== undefined) return known;
  const lower = term.toLowerCase();
  const result = lower.length < 2 || STOPWORDS.has(lower) ? null : /^[a-z]+$/.test(lower) ? stemmer(IRREGULAR[lower] ?? lower) : lower;
  if (processed.size < MAX_PROCESSED) processed.set(term, result);
  return result;
}

const FIELDS = ["name", "path", "title", "text"];
// "file" is the entry's path as stored (every entry has one); "path" is the path as searched (file entries only).
const STORED = ["kind", "file", "line", "name", "title", "symbolKind", "exported", "container"];

const INDEX_OPTIONS: Options<IndexEntry> = {
  fields: FIELDS,
  storeFields: STORED,
  tokenize,
  processTerm,
  // "path" is searched by its parts ("server/http/token-endpoint.ts" → server, http, token, endpoint,
  // ts), and only on a file's own entry: its symbols and sections would repeat it thousands of times.
  extractField: (document, field) => {
    const record = document as unknown as Record<string, unknown>;
    if (field === "file") return String(record.path);
    if (field === "path" && record.kind !== "file") return "";
    return String(record[field] ?? "");
  },
};

/**
 * The index: built by adding each file's entries as the file is read, and
 * never serialized. The cache keeps the entries instead, and a load adds them
 * again: slower than loading MiniSearch's own JSON, but that JSON is as large
 * as the index, and writing or reading it beside the index was what made a
 * large repository's memory peak.
 */
export type SearchIndex = MiniSearch<IndexEntry>;

export function createSearchIndex(): SearchIndex {
  return new MiniSearch<IndexEntry>(INDEX_OPTIONS);
}

const KIND_WEIGHT: Record<EntryKind, number> = { symbol: 1.15, file: 1, section: 0.8 };

/** The best entries for a query, each with its stored fields. */
export function searchIndex(index: SearchIndex, query: string, limit = 40): Hit[] {
  return search(index, query)
    .slice(0, limit)
    .map((result) => ({
      kind: result.kind as EntryKind,
      path: result.file as string,
      line: result.line as number,
      name: result.name as string,
      title: result.title as string,
      score: result.score,
      ...(result.symbolKind ? { symbolKind: result.symbolKind as SymbolKind } : {}),
      ...(result.exported !== undefined ? { exported: result.exported as boolean } : {}),
      ...(result.container ? { container: result.container as string } : {}),
    }));
}

function search(index: SearchIndex, query: string): SearchResult[] {
  return index.search(query, {
    boost: { name: 3, path: 2, title: 2, text: 1 },
    // Word beginnings for longer words: "health" finds "Healthz"; short stems would find everything.
    prefix: (term) => term.length >= 6,
    // Typos in long words only: "redact" must not find "react", nor a stem like "live" every "livekit".
    fuzzy: (term) => (term.length >= 7 ? 1 : false),
    combineWith: "OR",
    boostDocument: (_id, _term, stored) => {
      const kind = (stored?.kind ?? "file") as EntryKind;
      const property = stored?.symbolKind === "property" ? 0.8 : 1;
      const exported = stored?.exported === false ? 0.85 : 1;
      return KIND_WEIGHT[kind] * property * exported;
    },
  });
}

/** How many of a query's terms survive processing (0: nothing to search for). */
export function queryTerms(query: string): string[] {
  return tokenize(query)
    .map(processTerm)
    .filter((term): term is string => term !== null);
}
