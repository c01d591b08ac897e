/**
 * Which files of a repository the guide may read, and reading them safely.
 *
 * - The list comes from `git ls-files` (tracked, plus untracked files that no
 *   .gitignore excludes) when the root is inside a git checkout, and otherwise
 *   from a walk that honours every .gitignore on the way (the `ignore` package).
 * - Skipped: generated and vendored folders, lock files and minified bundles,
 *   files over MAX_FILE_BYTES, binaries, and secret files (secrets.ts).
 * - Nothing outside the root is ever opened: the root is resolved once, and a
 *   path is read only if its real path (symlinks followed) is still inside it.
 *   Symlinked folders are not entered at all.
 *
 * It runs in the knowledge and parse threads only, never on a job's event
 * loop, so its file system calls are synchronous on purpose: those threads
 * do nothing else, and a call without a thread-pool round trip is several
 * times faster over ten thousand files.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { isBinaryFileSync } from "isbinaryfile";
import { isSecretPath } from "./secrets";

/** Larger files are skipped: generated data, not something to onboard anyone onto. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Folders whose contents are generated or vendored, wherever they are. */
const SKIPPED_FOLDERS = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "bower_components",
  "vendor",
  "third_party",
  "dist",
  "build",
  "out",
  "target",
  "coverage",
  ".next",
  ".nuxt",
  ".turbo",
  ".cache",
  ".parcel-cache",
  ".venv",
  "venv",
  "__pycache__",
  ".mypy_cache",
  ".pytest_cache",
  ".tox",
  ".gradle",
  ".idea",
  ".vscode",
  "Pods",
  ".test-output",
  "test-results",
  "playwright-report",
]);

/** Generated files that say nothing a person wants to find. */
const SKIPPED_FILES = new Set([
  "package-lock.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "Cargo.lock",
  "go.sum",
  "poetry.lock",
  "Pipfile.lock",
  "composer.lock",
  "Gemfile.lock",
  "next-env.d.ts",
]);
const GENERATED_SUFFIXES = [".min.js", ".min.css", ".map", ".tsbuildinfo", ".snap"];

export type RepositoryFile = {
  /** Repo-relative, with forward slashes. */
  path: string;
  size: number;
  modified: number;
  /** For a symlink, the real path it resolves to (inside the root: others are never listed). */
  target?: string;
};

export type FileListing = {
  /** The root's real path. */
  root: string;
  via: "git" | "walk";
  files: RepositoryFile[];
  /** How many candidates were left out, by reason. */
  skipped: Record<"generated" | "secret" | "too-large" | "binary" | "outside-root" | "unreadable", number>;
};

/** Why a repository cannot be read, in words for the person who asked about it. */
export class RepositoryUnreadable extends Error {
  override readonly name = "RepositoryUnreadable";
}

function isSkippedFolder(name: string): boolean {
  return SKIPPED_FOLDERS.has(name);
}

function isGeneratedFile(relative: string): boolean {
  const base = path.posix.basename(relative);
  return SKIPPED_FILES.has(base) || GENERATED_SUFFIXES.some((suffix) => base.endsWith(suffix));
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** The root's real path, or RepositoryUnreadable saying why not. */
export function resolveRoot(root: string): string {
  let real: string;
  try {
    real = realpathSync(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RepositoryUnreadable(
      code === "ENOENT" ? `the folder ${root} does not exist` : `the folder ${root} cannot be opened (${code ?? "error"})`,
    );
  }
  const info = statSync(real);
  if (!info.isDirectory()) throw new RepositoryUnreadable(`${root} is not a folder`);
  try {
    readdirSync(real);
  } catch (error) {
    throw new RepositoryUnreadable(`the folder ${root} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return real;
}

/** Files git knows under the root (tracked, and untracked but not ignored); undefined if not a checkout. */
function gitFiles(root: string): string[] | undefined {
  try {
    const stdout = execFileSync("git", ["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" },
      stdio: ["ignore", "pipe", "ignore"],
      encoding: "utf8",
    });
    return stdout.split("\0").filter(Boolean);
  } catch {
    return undefined;
  }
}

/** Files under the root by walking it, honouring each folder's .gitignore, never entering symlinked folders. */
function walkedFiles(root: string): string[] {
  const found: string[] = [];
  function visit(relativeDir: string, rules: Array<{ base: string; matcher: Ignore }>) {
    const absolute = path.join(root, relativeDir);
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch {
      return;
    }
    const here = [...rules];
    if (entries.some((entry) => entry.name === ".gitignore" && entry.isFile())) {
      let text = "";
      try {
        text = readFileSync(path.join(absolute, ".gitignore"), "utf8");
      } catch {
        // an unreadable .gitignore ignores nothing
      }
      here.push({ base: relativeDir, matcher: ignore().add(text) });
    }
    const ignored = (relative: string, directory: boolean) =>
      here.some(({ base, matcher }) => {
        const local = base ? path.posix.relative(base, relative) : relative;
        return local !== "" && !local.startsWith("..") && matcher.ignores(directory ? `${local}/` : local);
      });
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (isSkippedFolder(entry.name) || ignored(relative, true)) continue;
        visit(relative, here);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && !ignored(relative, false)) {
        found.push(relative);
      }
    }
  }
  visit("", []);
  return found;
}

/** The files the guide may read, and how many it left out and why. */
export function listRepositoryFiles(root: string): FileListing {
  const realRoot = resolveRoot(root);
  const fromGit = gitFiles(realRoot);
  const candidates = fromGit ?? walkedFiles(realRoot);
  const skipped: FileListing["skipped"] = { generated: 0, secret: 0, "too-large": 0, binary: 0, "outside-root": 0, unreadable: 0 };
  const files: RepositoryFile[] = [];
  for (const relative of candidates) {
    const parts = relative.split("/");
    if (parts.slice(0, -1).some(isSkippedFolder) || isGeneratedFile(relative)) {
      skipped.generated += 1;
      continue;
    }
    if (isSecretPath(relative)) {
      skipped.secret += 1;
      continue;
    }
    const absolute = path.join(realRoot, relative);
    let info: Stats;
    let target: string | undefined;
    try {
      info = lstatSync(absolute);
      if (info.isSymbolicLink()) {
        target = realpathSync(absolute);
        if (!isInside(realRoot, target)) {
          skipped["outside-root"] += 1;
          continue;
        }
        info = statSync(target);
      }
    } catch {
      skipped.unreadable += 1;
      continue;
    }
    if (!info.isFile()) continue;
    if (info.size > MAX_FILE_BYTES) {
      skipped["too-large"] += 1;
      continue;
    }
    files.push({ path: relative, size: info.size, modified: info.mtimeMs, ...(target ? { target } : {}) });
  }
  return { root: realRoot, via: fromGit ? "git" : "walk", files, skipped };
}

/**
 * A listed file's text, or undefined when it is binary or can no longer be
 * read safely. Listed paths never pass through a symlinked folder, and the
 * last component is opened without following links (a file swapped for a
 * link since the listing fails to open); a listed symlink is read at the
 * target the listing checked was inside the root.
 */
export function readListedFile(realRoot: string, file: RepositoryFile): string | undefined {
  const location = file.target ?? path.join(realRoot, file.path);
  let descriptor: number;
  try {
    descriptor = openSync(location, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(descriptor).size;
    if (size > MAX_FILE_BYTES) return undefined;
    const buffer = Buffer.alloc(size);
    let offset = 0;
    while (offset < size) {
      const read = readSync(descriptor, buffer, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    if (isBinaryFileSync(buffer.subarray(0, offset))) return undefined;
    return buffer.toString("utf8", 0, offset);
  } catch {
    return undefined;
  } finally {
    closeSync(descriptor);
  }
}

/**
 * The repository's revision, for caching what was learned from it: git's HEAD
 * when it is a checkout, and a digest of every listed file's path, size and
 * modification time (so uncommitted edits count too).
 */
export function repositoryRevision(realRoot: string, listing: FileListing): string {
  const hash = createHash("sha256");
  if (listing.via === "git") {
    let head = "no-head";
    try {
      head = execFileSync("git", ["-C", realRoot, "rev-parse", "HEAD"], { stdio: ["ignore", "pipe", "ignore"], encoding: "utf8" }).trim();
    } catch {
      // a checkout with no commit yet: its files' state is the revision
    }
    hash.update(`git:${head}\0`);
  }
  for (const file of listing.files) hash.update(`${file.path}\0${file.size}\0${file.modified}\0`);
  return hash.digest("hex").slice(0, 32);
}
