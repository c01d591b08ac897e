/**
 * Symbols (functions, classes, components, methods, types, exported
 * constants) with their line, the declaration's first lines and its doc
 * comment, and a file's header comment: read with real parsers, tree-sitter
 * grammars compiled to WebAssembly (@vscode/tree-sitter-wasm, the ones VS Code
 * ships). Runs in the index builder's thread, never on a job's event loop.
 *
 * @see https://tree-sitter.github.io/tree-sitter/using-parsers/queries
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Grammar } from "./languages";

type TreeSitter = typeof import("@vscode/tree-sitter-wasm");
type Language = import("@vscode/tree-sitter-wasm").Language;
type Query = import("@vscode/tree-sitter-wasm").Query;
type SyntaxNode = import("@vscode/tree-sitter-wasm").Node;

export type SymbolKind = "function" | "class" | "method" | "interface" | "type" | "enum" | "constant" | "component" | "property" | "module";

export type CodeSymbol = {
  name: string;
  kind: SymbolKind;
  /** 1-based. */
  line: number;
  exported: boolean;
  /** The first sentence of its doc comment, if it has one. */
  doc?: string;
  /** What it is declared in (a class, an object assigned to a constant, a function), if anything. */
  container?: string;
  /** The first lines of the declaration, for matching words that are not in its name. */
  body: string;
};

/** `imports`: the module specifiers a file names (as written; imports.ts resolves them to files). */
export type ParsedFile = { symbols: CodeSymbol[]; header?: string; imports: string[] };

/** A file naming more modules than this is generated; the rest say nothing more about how the parts fit. */
const MAX_IMPORTS_PER_FILE = 200;

const require = createRequire(import.meta.url);
const WASM_DIR = path.join(path.dirname(require.resolve("@vscode/tree-sitter-wasm/package.json")), "wasm");

// Per grammar: each pattern captures @name and a @<kind> on the declaration.
const JS_COMMON = [
  "(function_declaration name: (identifier) @name) @function",
  "(generator_function_declaration name: (identifier) @name) @function",
  "(method_definition name: (property_identifier) @name) @method",
  "(lexical_declaration (variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression) (call_expression) (object) (new_expression) (class) (member_expression) (template_string)])) @constant",
  "(variable_declaration (variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression) (call_expression) (object) (new_expression)])) @constant",
  "(pair key: (property_identifier) @name value: [(call_expression) (arrow_function) (function_expression)] @value) @property",
];
const TS_ONLY = [
  "(class_declaration name: (type_identifier) @name) @class",
  "(abstract_class_declaration name: (type_identifier) @name) @class",
  "(interface_declaration name: (type_identifier) @name) @interface",
  "(type_alias_declaration name: (type_identifier) @name) @type",
  "(enum_declaration name: (identifier) @name) @enum",
  "(internal_module name: (identifier) @name) @module",
];
const QUERIES: Record<Grammar, string[]> = {
  typescript: [...JS_COMMON, ...TS_ONLY],
  tsx: [...JS_COMMON, ...TS_ONLY],
  javascript: [...JS_COMMON, "(class_declaration name: (identifier) @name) @class"],
  python: ["(function_definition name: (identifier) @name) @function", "(class_definition name: (identifier) @name) @class"],
  go: [
    "(function_declaration name: (identifier) @name) @function",
    "(method_declaration name: (field_identifier) @name) @method",
    "(type_spec name: (type_identifier) @name) @type",
  ],
  rust: [
    "(function_item name: (identifier) @name) @function",
    "(struct_item name: (type_identifier) @name) @class",
    "(enum_item name: (type_identifier) @name) @enum",
    "(trait_item name: (type_identifier) @name) @interface",
    "(mod_item name: (identifier) @name) @module",
  ],
  java: [
    "(class_declaration name: (identifier) @name) @class",
    "(interface_declaration name: (identifier) @name) @interface",
    "(enum_declaration name: (identifier) @name) @enum",
    "(method_declaration name: (identifier) @name) @method",
  ],
  ruby: ["(method name: (identifier) @name) @method", "(class name: (constant) @name) @class", "(module name: (constant) @name) @module"],
  "c-sharp": [
    "(class_declaration name: (identifier) @name) @class",
    "(interface_declaration name: (identifier) @name) @interface",
    "(method_declaration name: (identifier) @name) @method",
  ],
  cpp: [
    "(function_definition declarator: (function_declarator declarator: (identifier) @name)) @function",
    "(class_specifier name: (type_identifier) @name) @class",
    "(struct_specifier name: (type_identifier) @name body: (_)) @class",
  ],
  php: [
    "(function_definition name: (name) @name) @function",
    "(class_declaration name: (name) @name) @class",
    "(method_declaration name: (name) @name) @method",
  ],
  bash: ["(function_definition name: (word) @name) @function"],
};

// Per grammar: each pattern captures the module a file imports as @source (and, for a call, the callee as @callee).
const JS_IMPORTS = [
  "(import_statement source: (string (string_fragment) @source))",
  "(export_statement source: (string (string_fragment) @source))",
  "(call_expression function: (import) arguments: (arguments (string (string_fragment) @source)))",
  '((call_expression function: (identifier) @callee arguments: (arguments (string (string_fragment) @source))) (#eq? @callee "require"))',
];
const IMPORT_QUERIES: Partial<Record<Grammar, string[]>> = {
  typescript: [...JS_IMPORTS, "(import_require_clause source: (string (string_fragment) @source))"],
  tsx: [...JS_IMPORTS, "(import_require_clause source: (string (string_fragment) @source))"],
  javascript: JS_IMPORTS,
  python: [
    "(import_statement name: (dotted_name) @source)",
    "(import_statement name: (aliased_import name: (dotted_name) @source))",
    "(import_from_statement module_name: (_) @source)",
  ],
  go: ["(import_spec path: (interpreted_string_literal) @source)"],
  rust: ["(use_declaration argument: (_) @source)", "(mod_item name: (identifier) @source !body)"],
  java: ["(import_declaration (scoped_identifier) @source)"],
  ruby: [
    '((call method: (identifier) @callee arguments: (argument_list (string (string_content) @source))) (#match? @callee "^(require|require_relative|load)$"))',
  ],
  cpp: ["(preproc_include path: (string_literal) @source)"],
  php: ["(require_once_expression (string (string_content) @source))", "(require_expression (string (string_content) @source))"],
};
/** Calls that import by their string argument. */
const IMPORTING_CALLS = new Set(["require", "require_relative", "load"]);

const COMMENT_TYPES = new Set(["comment", "line_comment", "block_comment"]);

type Loaded = { language: Language; query: Query | undefined };

/** Parsers for one thread: each grammar is loaded on first use. */
export class SymbolReader {
  private parser: InstanceType<TreeSitter["Parser"]> | undefined;
  private readonly loaded = new Map<Grammar, Loaded | null>();
  private treeSitter: TreeSitter | undefined;
  private current: Grammar | undefined;

  private async init(): Promise<TreeSitter> {
    if (!this.treeSitter) {
      const treeSitter = require("@vscode/tree-sitter-wasm") as TreeSitter;
      await treeSitter.Parser.init({ locateFile: (file: string) => path.join(WASM_DIR, file) });
      this.parser = new treeSitter.Parser();
      this.treeSitter = treeSitter;
    }
    return this.treeSitter;
  }

  private async grammar(grammar: Grammar): Promise<Loaded | null> {
    const cached = this.loaded.get(grammar);
    if (cached !== undefined) return cached;
    const treeSitter = await this.init();
    let loaded: Loaded | null = null;
    try {
      const language = await treeSitter.Language.load(readFileSync(path.join(WASM_DIR, `tree-sitter-${grammar}.wasm`)));
      // Each pattern is checked alone (one a grammar version does not know is dropped, not
      // fatal), then they run as one query: one walk of the tree per file.
      const compile = (patterns: string[]) => {
        const valid = patterns.filter((pattern) => {
          try {
            new treeSitter.Query(language, pattern).delete();
            return true;
          } catch {
            return false;
          }
        });
        return valid.length > 0 ? new treeSitter.Query(language, valid.join("\n")) : undefined;
      };
      // Symbols and imports in one query: one walk of the tree, one set of matches per file.
      loaded = { language, query: compile([...QUERIES[grammar], ...(IMPORT_QUERIES[grammar] ?? [])]) };
    } catch {
      loaded = null;
    }
    this.loaded.set(grammar, loaded);
    return loaded;
  }

  /** The file's symbols and header comment; an empty result when its grammar cannot be loaded. */
  async read(text: string, grammar: Grammar): Promise<ParsedFile> {
    const loaded = await this.grammar(grammar);
    if (!loaded || !this.parser) return { symbols: [], imports: [] };
    if (this.current !== grammar) {
      this.parser.setLanguage(loaded.language);
      this.current = grammar;
    }
    const tree = this.parser.parse(text);
    if (!tree) return { symbols: [], imports: [] };
    try {
      const lines = text.split("\n");
      const symbols: CodeSymbol[] = [];
      const seen = new Set<string>();
      const imports = new Set<string>();
      for (const query of loaded.query ? [loaded.query] : []) {
        for (const match of query.matches(tree.rootNode)) {
          if (match.captures.some((capture) => capture.name === "source")) {
            const specifier = importOf(match.captures);
            if (specifier && imports.size < MAX_IMPORTS_PER_FILE) imports.add(specifier);
            continue;
          }
          const nameNode = match.captures.find((capture) => capture.name === "name")?.node;
          const declaration = match.captures.find((capture) => capture.name !== "name" && capture.name !== "value");
          if (!nameNode || !declaration) continue;
          // An object property counts when it defines something (a handler, a procedure spanning
          // lines), not when it passes an argument along.
          const value = match.captures.find((capture) => capture.name === "value")?.node;
          if (value?.type === "call_expression" && value.startPosition.row === value.endPosition.row) continue;
          const symbol = toSymbol(nameNode, declaration.node, declaration.name as SymbolKind, grammar, lines);
          if (!symbol) continue;
          const key = `${symbol.name}:${symbol.line}`;
          if (seen.has(key)) continue;
          seen.add(key);
          symbols.push(symbol);
        }
      }
      symbols.sort((a, b) => a.line - b.line);
      const header = headerComment(tree.rootNode);
      return header ? { symbols, header, imports: [...imports] } : { symbols, imports: [...imports] };
    } finally {
      tree.delete();
    }
  }
}

type Capture = { name: string; node: SyntaxNode };

/** The module an import match names, as written (quotes and Rust's `use` lists trimmed); undefined for a call that does not import. */
function importOf(captures: Capture[]): string | undefined {
  const callee = captures.find((capture) => capture.name === "callee")?.node.text;
  if (callee !== undefined && !IMPORTING_CALLS.has(callee)) return undefined;
  const source = captures.find((capture) => capture.name === "source")?.node;
  if (!source) return undefined;
  const text = source.text
    .replace(/^["'<]|["'>]$/g, "")
    .replace(/::\{.*$/s, "")
    .trim();
  // A Rust `mod name;` names a file beside this one.
  const specifier = source.parent?.type === "mod_item" ? `mod ${text}` : text;
  return specifier && specifier.length <= 300 ? specifier : undefined;
}

function isTopLevel(node: SyntaxNode): boolean {
  const parent = node.parent;
  return (
    !parent || parent.type === "program" || parent.type === "export_statement" || parent.type === "source_file" || parent.type === "module"
  );
}

function toSymbol(
  nameNode: SyntaxNode,
  declaration: SyntaxNode,
  kind: SymbolKind,
  grammar: Grammar,
  lines: string[],
): CodeSymbol | undefined {
  const name = nameNode.text;
  if (!name || name.length > 80) return undefined;
  // Constants count when they are module-level: a local variable is not something to find.
  if (kind === "constant" && !isTopLevel(declaration)) return undefined;
  const exportNode = declaration.parent?.type === "export_statement" ? declaration.parent : undefined;
  let exported = true;
  if (grammar === "typescript" || grammar === "tsx" || grammar === "javascript") exported = Boolean(exportNode);
  else if (grammar === "go") exported = /^[A-Z]/.test(name);
  else if (grammar === "python") exported = !name.startsWith("_");
  let finalKind = kind;
  // A React component: a PascalCase function (or function-valued constant) in a TSX/JSX file.
  if ((grammar === "tsx" || grammar === "javascript") && (kind === "function" || kind === "constant") && /^[A-Z][A-Za-z0-9]*$/.test(name)) {
    finalKind = "component";
  }
  const line = declaration.startPosition.row + 1;
  const doc = docComment(exportNode ?? declaration);
  const body = lines
    .slice(declaration.startPosition.row, Math.min(declaration.endPosition.row + 1, declaration.startPosition.row + BODY_LINES))
    .join(" ")
    .replace(/\s+/g, " ")
    .slice(0, 300);
  // Only members need their container to make sense ("join" of livekitRouter); walking up costs.
  const container = finalKind === "property" || finalKind === "method" ? containerName(declaration) : undefined;
  return { name, kind: finalKind, line, exported, body, ...(doc ? { doc } : {}), ...(container ? { container } : {}) };
}

const BODY_LINES = 4;
const NAMED_CONTAINERS = new Set([
  "variable_declarator",
  "class_declaration",
  "abstract_class_declaration",
  "function_declaration",
  "class_definition",
  "function_definition",
  "impl_item",
  "interface_declaration",
]);

function containerName(declaration: SyntaxNode): string | undefined {
  for (let node = declaration.parent; node; node = node.parent) {
    if (!NAMED_CONTAINERS.has(node.type)) continue;
    const name = node.childForFieldName("name") ?? node.childForFieldName("type");
    if (name) return name.text.slice(0, 80);
  }
  return undefined;
}

/** A Python docstring: the string a body (or module) starts with. */
function docstring(block: SyntaxNode | null): string | undefined {
  const first = block?.firstNamedChild;
  if (first?.type !== "expression_statement" || first.firstNamedChild?.type !== "string") return undefined;
  return (
    first.firstNamedChild.text
      .replace(/^[rbuf]*("""|'''|"|')|("""|'''|"|')$/gi, "")
      .replace(/\s+/g, " ")
      .trim() || undefined
  );
}

/** The comment right above a declaration (or, in Python, its docstring), as plain text: its first sentence. */
function docComment(node: SyntaxNode): string | undefined {
  if (node.type === "function_definition" || node.type === "class_definition") {
    const text = docstring(node.childForFieldName("body"));
    if (text) return firstSentence(text);
  }
  const previous = node.previousNamedSibling;
  if (!previous || !COMMENT_TYPES.has(previous.type)) return undefined;
  if (previous.endPosition.row < node.startPosition.row - 1) return undefined;
  return firstSentence(commentText(previous.text));
}

/** The comment block a file starts with (after any shebang), or its module docstring, as plain text. */
function headerComment(root: SyntaxNode): string | undefined {
  if (root.type === "module") {
    const text = docstring(root);
    if (text) return text.slice(0, 600);
  }
  const parts: string[] = [];
  for (let index = 0; index < root.namedChildCount; index += 1) {
    const child = root.namedChild(index);
    if (!child) break;
    // A shebang is a comment to bash's grammar, and a hash_bang_line to JavaScript's; neither says what the file is for.
    if (child.type === "hash_bang_line" || (parts.length === 0 && child.text.startsWith("#!"))) continue;
    // "use client", "use strict": directives come before a file's header comment.
    if (parts.length === 0 && child.type === "expression_statement" && child.firstNamedChild?.type === "string") continue;
    if (!COMMENT_TYPES.has(child.type)) break;
    parts.push(commentText(child.text));
    if (parts.join(" ").length > 600) break;
  }
  const text = parts.join(" ").replace(/\s+/g, " ").trim();
  return text ? text.slice(0, 600) : undefined;
}

export function commentText(raw: string): string {
  return raw
    .replace(/^\/\*\*?|\*\/$/g, "")
    .split("\n")
    .map((line) => line.replace(/^\s*(\*|\/\/\/?|#+|--)\s?/, ""))
    .join(" ")
    .replace(/@(see|param|returns?|example)\b.*$/s, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function firstSentence(text: string): string | undefined {
  const sentence = text.match(/^(.{8,}?[.!?])(\s|$)/)?.[1] ?? text;
  const trimmed = sentence.trim().slice(0, 200);
  return trimmed || undefined;
}
