/**
 * The read gate: the one way repository text gets into the guide's knowledge
 * and the one way it gets out. Everything the guide says or shows of a
 * repository (the index, the overview, the greeting, answers, file lines)
 * was read through `read` and leaves through `release`.
 *
 * Reading, a path is readable only when
 * - it is relative, with no `..`, and resolves (every symlink followed) to a
 *   regular file inside the root's real path;
 * - no segment of it, nor of what it resolves to, is a secret file or folder
 *   (secret-paths.ts): `docs/setup.md -> ../.env` is as closed as `.env`;
 * - it is at most MAX_FILE_BYTES and not binary.
 * The file is then opened without following a link (O_NOFOLLOW on its real
 * path), and every line that holds a secret (secret-scanner.ts) is blanked,
 * keeping line numbers, and reported as redacted.
 *
 * Releasing, outgoing text is scanned once more, so that nothing assembled
 * from several lines (a section's text, a command) carries a secret the
 * line-by-line read could not see.
 *
 * Refusals say why in words a person understands, and never name the
 * secret or the root's absolute path.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, type Stats, statSync } from "node:fs";
import path from "node:path";
import { isBinaryFileSync } from "isbinaryfile";
import { isSecretPath } from "./secret-paths";
import { type Finding, findSecrets, type Layer } from "./secret-scanner";

export type { Layer } from "./secret-scanner";

/** Larger files are not read: generated data, not something to onboard anyone onto. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Which layers the gate applies; all of them, except in the tests that loosen one to see what it alone catches. */
export type GateLayers = Record<Layer, boolean>;
export const ALL_LAYERS: GateLayers = { paths: true, library: true, rules: true };

export type RefusalCode = "outside-repository" | "credentials" | "not-found" | "not-a-file" | "too-large" | "binary" | "unreadable";
export type Refusal = { refused: RefusalCode; message: string };

const REFUSALS: Record<RefusalCode, string> = {
  "outside-repository": "I only read files inside this repository, and that path is not in it",
  credentials: "that file holds credentials, and I never read files that hold secrets",
  "not-found": "there is no such file in this repository",
  "not-a-file": "that is not a file I can read",
  "too-large": `that file is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB, so I don't read it`,
  binary: "that file is binary, not text",
  unreadable: "that file cannot be read",
};

function refusal(code: RefusalCode): Refusal {
  return { refused: code, message: REFUSALS[code] };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && "refused" in value;
}

/** A path the gate has checked: repo-relative, where it really is, and which file it was then (device and inode). */
export type CheckedPath = { path: string; real: string; size: number; modified: number; device: number; inode: number };

/** A line the gate blanked, and which rule said to (1-based). */
export type Redaction = { line: number; rule: string; layer: Layer };

export type GatedText = {
  /** The text with every redacted line blanked; as many lines as the file. */
  text: string;
  redactions: Redaction[];
};

export type GatedFile = CheckedPath & GatedText;

/** Why a repository cannot be read, in words for the person who asked about it (never its path). */
export class RepositoryUnreadable extends Error {
  override readonly name = "RepositoryUnreadable";
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== "" && relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** A question's or a client's path in the repository's form, or undefined when it could only point outside it. */
function normalize(asked: string): string | undefined {
  const trimmed = asked.trim().replace(/\\/g, "/");
  if (!trimmed || trimmed.includes("\0") || trimmed.startsWith("/") || trimmed.startsWith("~") || /^[A-Za-z]:/.test(trimmed)) {
    return undefined;
  }
  const parts = trimmed.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.length === 0 || parts.includes("..")) return undefined;
  return parts.join("/");
}

function blankLines(text: string, findings: Finding[]): GatedText {
  if (findings.length === 0) return { text, redactions: [] };
  const lines = text.split("\n");
  const byLine = new Map<number, Redaction>();
  for (const finding of findings) {
    for (let line = finding.startLine; line <= finding.endLine && line <= lines.length; line += 1) {
      if (!byLine.has(line)) byLine.set(line, { line, rule: finding.rule, layer: finding.layer });
      lines[line - 1] = "";
    }
  }
  return { text: lines.join("\n"), redactions: [...byLine.values()].sort((a, b) => a.line - b.line) };
}

export class ReadGate {
  private constructor(
    /** The root's real path. */
    readonly root: string,
    readonly layers: GateLayers,
  ) {}

  /** A gate for one repository root, or RepositoryUnreadable saying why not (without its path). */
  static open(root: string, layers: GateLayers = ALL_LAYERS): ReadGate {
    let real: string;
    try {
      real = realpathSync.native(root);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new RepositoryUnreadable(
        code === "ENOENT" ? "the repository's folder does not exist" : `the repository's folder cannot be opened (${code ?? "error"})`,
      );
    }
    if (!statSync(real).isDirectory()) throw new RepositoryUnreadable("the repository's path is not a folder");
    try {
      readdirSync(real);
    } catch (error) {
      throw new RepositoryUnreadable(`the repository's folder cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    return new ReadGate(real, layers);
  }

  /** Whether a repo-relative path may be read, by the path rules alone (nothing is opened). */
  check(asked: string, maxBytes = MAX_FILE_BYTES): CheckedPath | Refusal {
    const relative = normalize(asked);
    if (relative === undefined) return refusal("outside-repository");
    if (this.layers.paths && isSecretPath(relative)) return refusal("credentials");
    let real: string;
    try {
      real = realpathSync.native(path.join(this.root, relative));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return refusal(code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP" ? "not-found" : "unreadable");
    }
    if (this.layers.paths) {
      // A link out of the root reads as a file that is not there: what lies outside is not told, not even whether it exists.
      if (!isInside(this.root, real)) return refusal("not-found");
      if (isSecretPath(path.relative(this.root, real).split(path.sep).join("/"))) return refusal("credentials");
    }
    let info: Stats;
    try {
      info = statSync(real);
    } catch {
      return refusal("unreadable");
    }
    if (!info.isFile()) return refusal("not-a-file");
    if (info.size > maxBytes) return refusal("too-large");
    return { path: relative, real, size: info.size, modified: info.mtimeMs, device: info.dev, inode: info.ino };
  }

  /** A file's text, every secret line blanked, or why it may not be read. */
  async read(asked: string | CheckedPath, maxBytes = MAX_FILE_BYTES): Promise<GatedFile | Refusal> {
    const checked = typeof asked === "string" ? this.check(asked, maxBytes) : asked;
    if (isRefusal(checked)) return checked;
    const raw = readRegularFile(checked, maxBytes);
    if (isRefusal(raw)) return raw;
    return { ...checked, ...(await this.redact(raw, checked.path)) };
  }

  /** Any text with its secret lines blanked; `relativePath` says what kind of text it is. */
  async redact(text: string, relativePath?: string): Promise<GatedText> {
    return blankLines(text, await findSecrets(text, relativePath, this.layers));
  }

  /** Text on its way out of the knowledge layer, with any line that holds a secret replaced. */
  async release(text: string): Promise<string> {
    const findings = await findSecrets(text, undefined, this.layers);
    if (findings.length === 0) return text;
    const lines = text.split("\n");
    for (const finding of findings) {
      for (let line = finding.startLine; line <= finding.endLine; line += 1) lines[line - 1] = "[redacted]";
    }
    return lines.join("\n");
  }

  /** Lines of repository text that are not sentences (paths, words of names) on their way out: a line a rule flags is left out. */
  async releaseLines(lines: string[]): Promise<string[]> {
    const { redactions } = await this.redact(lines.join("\n"));
    const blanked = new Set(redactions.map((redaction) => redaction.line - 1));
    return lines.filter((_, index) => !blanked.has(index));
  }

  /** Every string in a plain value (an answer, an overview) released. */
  async releaseAll<T>(value: T): Promise<T> {
    if (typeof value === "string") return (await this.release(value)) as T;
    if (Array.isArray(value)) return (await Promise.all(value.map((each) => this.releaseAll(each)))) as T;
    if (value && typeof value === "object") {
      const entries = await Promise.all(Object.entries(value).map(async ([key, each]) => [key, await this.releaseAll(each)] as const));
      return Object.fromEntries(entries) as T;
    }
    return value;
  }
}

/**
 * The bytes of a regular file as text: opened without following a link, and
 * without blocking (a FIFO swapped in must not hang the thread), and only if
 * it is the very file the gate checked (same device and inode): a folder on
 * the way swapped for a link since the check leads to another file, and gains
 * nothing.
 */
function readRegularFile(checked: CheckedPath, maxBytes: number): string | Refusal {
  let descriptor: number;
  try {
    descriptor = openSync(checked.real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return refusal("unreadable");
  }
  try {
    const info = fstatSync(descriptor);
    if (info.dev !== checked.device || info.ino !== checked.inode) return refusal("not-found");
    if (!info.isFile()) return refusal("not-a-file");
    if (info.size > maxBytes) return refusal("too-large");
    const buffer = Buffer.alloc(info.size);
    let offset = 0;
    while (offset < info.size) {
      const read = readSync(descriptor, buffer, offset, info.size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    if (isBinaryFileSync(buffer.subarray(0, offset))) return refusal("binary");
    return buffer.toString("utf8", 0, offset);
  } catch {
    return refusal("unreadable");
  } finally {
    closeSync(descriptor);
  }
}
