/**
 * What a newcomer wants to know first about a repository: what it is (the
 * README's title and first paragraph), what it is written in, what its
 * top-level folders are for, and how to run and test it.
 *
 * Folder purposes come from what the repository says about itself, best
 * source first: a line about the folder in the README (or docs/architecture),
 * the folder's own README, its manifest's description, or its entry file's
 * header comment. Commands come from package scripts, Makefile targets and
 * the README's shell blocks. Markdown is read with a real parser (marked).
 */
import path from "node:path";
import { type Token, type Tokens, marked } from "marked";
import { languageShares } from "./languages";

export type Command = { command: string; source: string };

export type FolderSummary = { name: string; purpose?: string; files: number };

export type Overview = {
  title: string;
  summary?: string;
  languages: Array<{ language: string; percent: number }>;
  folders: FolderSummary[];
  run?: Command;
  test?: Command;
  build?: Command;
  /** Other commands worth knowing (dev, lint, bench…). */
  commands: Command[];
  fileCount: number;
};

/** What the overview reads: the listed files, and the text of the few it needs. */
export type OverviewInput = {
  rootName: string;
  files: Array<{ path: string; size: number }>;
  /** Text of a file, if it was read (README, manifests, entry files). */
  text: (relative: string) => string | undefined;
  /** A file's header comment, if it has one. */
  header: (relative: string) => string | undefined;
};

const README = /^readme(\.(md|markdown|txt|rst))?$/i;

/** The repository's own README (at its root), the first of `files` that is one. */
export function rootReadme(files: readonly string[]): string | undefined {
  return files.find((file) => README.test(file));
}
const LAYOUT_DOCS = ["docs/architecture.md", "ARCHITECTURE.md", "docs/ARCHITECTURE.md", "CONTRIBUTING.md"];
const SHELL_LANGS = new Set(["", "sh", "bash", "shell", "console", "zsh", "shell-session"]);
const COMMAND_START =
  /^(npm|npx|pnpm|yarn|bun|make|go|cargo|python3?|pip|pytest|uv|poetry|docker|bundle|rake|gradle|mvn|\.\/|bash|sh|node|deno|curl)\b/;
const RUN_HEADINGS = /(quick ?start|getting started|run|start|usage|develop|setup|install|commands|test)/i;

/**
 * A JSON manifest as the read gate left it: a blanked line can leave the line
 * before it ending in a comma that JSON does not allow, so such commas go.
 */
export function parseManifest(text: string): unknown {
  return JSON.parse(text.replace(/,(\s*[}\]])/g, "$1"));
}

/** Markdown inline text as plain words: links and images keep their text, code keeps its backticks. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/(\*\*|__)(.*?)\1/g, "$2")
    .replace(/\s+/g, " ")
    .trim();
}

function readmeAt(input: OverviewInput, folder: string): string | undefined {
  const match = input.files.find(
    (file) => path.posix.dirname(file.path) === (folder || ".") && README.test(path.posix.basename(file.path)),
  );
  return match ? input.text(match.path) : undefined;
}

function titleAndSummary(markdown: string | undefined): { title?: string; summary?: string } {
  if (!markdown) return {};
  const tokens = marked.lexer(markdown);
  const heading = tokens.find((token): token is Tokens.Heading => token.type === "heading");
  const paragraph = tokens.find(
    (token): token is Tokens.Paragraph =>
      token.type === "paragraph" && plainText(token.text).length > 20 && !/^(\[!\[|!\[|<)/.test(token.text.trim()),
  );
  return {
    ...(heading ? { title: plainText(heading.text) } : {}),
    ...(paragraph ? { summary: truncate(plainText(paragraph.text), 400) } : {}),
  };
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const sentence = cut.lastIndexOf(". ");
  return sentence > max / 2 ? cut.slice(0, sentence + 1) : `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}

/**
 * What the repository's own docs say a folder is for: a layout line ("app/   pages…",
 * several columns allowed), a bullet ("- `server/`: …") or a table row ("| `e2e/` | … |").
 */
function purposeFromDocs(folder: string, documents: string[]): string | undefined {
  for (const document of documents) {
    for (const rawLine of document.split("\n")) {
      // Markdown decoration off: bullets, bold, backticks and table pipes become spacing.
      const line = rawLine
        .replace(/^\s*[-*+]\s+/, "")
        .replace(/\*\*|`/g, "")
        .replace(/\s*\|\s*/g, "   ");
      for (const segment of line.split(/\s{2,}(?=[\w.-]+\/(?:\s|$))/)) {
        const match = segment.match(/^\s*((?:[\w.-]+\/\s*)+?)\s*(?:[:—–-]\s+|\s{2,}|\s)(.{6,})$/);
        if (!match) continue;
        const names = match[1]!
          .split(/\s+/)
          .map((name) => name.replace(/\/$/, ""))
          .filter(Boolean);
        if (names.includes(folder)) return truncate(plainText(match[2]!.trim()), 140);
      }
    }
  }
  return undefined;
}

function manifestDescription(input: OverviewInput, folder: string): string | undefined {
  const packageJson = input.text(`${folder}/package.json`);
  if (packageJson) {
    try {
      const description = (parseManifest(packageJson) as { description?: unknown }).description;
      if (typeof description === "string" && description.trim()) return truncate(description.trim(), 140);
    } catch {
      // not JSON: no description from it
    }
  }
  for (const manifest of ["pyproject.toml", "Cargo.toml"]) {
    const text = input.text(`${folder}/${manifest}`);
    const description = text?.match(/^description\s*=\s*"([^"]+)"/m)?.[1];
    if (description) return truncate(description, 140);
  }
  return undefined;
}

const ENTRY_NAMES = ["index", "main", "mod", "lib", "__init__", "app", "server", "cli"];

function purposeFromHeaders(input: OverviewInput, folder: string): string | undefined {
  const inFolder = input.files.filter((file) => file.path.startsWith(`${folder}/`));
  const entries = inFolder
    .filter((file) => ENTRY_NAMES.includes(path.posix.basename(file.path).replace(/\.[^.]+$/, "")))
    .sort((a, b) => a.path.split("/").length - b.path.split("/").length);
  for (const file of [
    ...entries,
    ...inFolder.sort((a, b) => a.path.split("/").length - b.path.split("/").length || a.path.localeCompare(b.path)),
  ]) {
    const header = input.header(file.path);
    // A header that only introduces a list ("Bad input, two ways:") says nothing on its own.
    if (header && !header.trim().endsWith(":")) return truncate(header, 140);
  }
  return undefined;
}

function describeContents(input: OverviewInput, folder: string): string {
  const inFolder = input.files.filter((file) => file.path.startsWith(`${folder}/`));
  const [top] = languageShares(inFolder);
  return `${inFolder.length} file${inFolder.length === 1 ? "" : "s"}${top ? `, mostly ${top.language}` : ""}`;
}

function packageCommands(input: OverviewInput): Command[] {
  const text = input.text("package.json");
  if (!text) return [];
  let scripts: Record<string, unknown> = {};
  let tool = "npm";
  try {
    const manifest = parseManifest(text) as { scripts?: Record<string, unknown>; packageManager?: string };
    scripts = manifest.scripts ?? {};
    tool = manifest.packageManager?.split("@")[0] ?? (input.text("pnpm-lock.yaml") ? "pnpm" : input.text("yarn.lock") ? "yarn" : "npm");
  } catch {
    return [];
  }
  return Object.keys(scripts).map((name) => ({
    command: tool === "npm" && (name === "start" || name === "test") ? `npm ${name}` : `${tool} run ${name}`,
    source: "package.json",
  }));
}

function makeCommands(input: OverviewInput): Command[] {
  const text = input.text("Makefile");
  if (!text) return [];
  return [...text.matchAll(/^([A-Za-z][\w.-]*):(?!=)/gm)].map((match) => ({ command: `make ${match[1]}`, source: "Makefile" }));
}

function readmeCommands(markdown: string | undefined, source: string): Command[] {
  if (!markdown) return [];
  const commands: Command[] = [];
  let underRunHeading = false;
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === "heading") underRunHeading = RUN_HEADINGS.test((token as Tokens.Heading).text);
      if (token.type === "code" && SHELL_LANGS.has(((token as Tokens.Code).lang ?? "").trim())) {
        for (const raw of (token as Tokens.Code).text.split("\n")) {
          const line = raw
            .replace(/^\s*\$\s+/, "")
            .replace(/\s+#.*$/, "")
            .trim();
          if (!line || line.startsWith("#") || line.length > 120) continue;
          // A line counts when it starts like a command (an unlabelled block may hold a layout or output).
          if (COMMAND_START.test(line) && (underRunHeading || (token as Tokens.Code).lang)) {
            commands.push({ command: line, source });
          }
        }
      }
    }
  };
  visit(marked.lexer(markdown));
  return commands;
}

function conventionalCommands(input: OverviewInput): Command[] {
  const has = (name: string) => input.files.some((file) => file.path === name);
  const commands: Command[] = [];
  if (has("go.mod")) commands.push({ command: "go test ./...", source: "go.mod" }, { command: "go build ./...", source: "go.mod" });
  if (has("Cargo.toml")) commands.push({ command: "cargo test", source: "Cargo.toml" }, { command: "cargo run", source: "Cargo.toml" });
  if (has("pyproject.toml") || has("setup.py"))
    commands.push({ command: "pytest", source: has("pyproject.toml") ? "pyproject.toml" : "setup.py" });
  return commands;
}

function pick(commands: Command[], ...patterns: RegExp[]): Command | undefined {
  for (const pattern of patterns) {
    const found = commands.find((each) => pattern.test(each.command));
    if (found) return found;
  }
  return undefined;
}

export function buildOverview(input: OverviewInput): Overview {
  const readme = readmeAt(input, "");
  const { title, summary } = titleAndSummary(readme);
  const layoutDocs = [readme, ...LAYOUT_DOCS.map((doc) => input.text(doc))].filter((text): text is string => Boolean(text));

  const topFolders = new Map<string, number>();
  for (const file of input.files) {
    const [first, ...rest] = file.path.split("/");
    if (rest.length > 0 && first) topFolders.set(first, (topFolders.get(first) ?? 0) + 1);
  }
  const folders: FolderSummary[] = [...topFolders.entries()]
    .filter(([name]) => !name.startsWith("."))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, files]) => ({
      name,
      files,
      purpose:
        purposeFromDocs(name, layoutDocs) ??
        titleAndSummary(readmeAt(input, name)).summary ??
        manifestDescription(input, name) ??
        purposeFromHeaders(input, name) ??
        describeContents(input, name),
    }));

  const commands = [...packageCommands(input), ...makeCommands(input), ...readmeCommands(readme, "README"), ...conventionalCommands(input)];
  const unique = commands.filter((each, index) => commands.findIndex((other) => other.command === each.command) === index);
  const run = pick(unique, /^npm start$/, /\b(run|start|dev|serve)\b/);
  const test = pick(unique, /^npm test$/, /\btest\b/, /\bpytest\b/);
  const build = pick(unique, /\bbuild\b/);
  return {
    title: title ?? input.rootName,
    ...(summary ? { summary } : {}),
    languages: languageShares(input.files),
    folders,
    ...(run ? { run } : {}),
    ...(test ? { test } : {}),
    ...(build ? { build } : {}),
    commands: unique.filter((each) => each !== run && each !== test && each !== build).slice(0, 12),
    fileCount: input.files.length,
  };
}
