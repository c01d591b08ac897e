/**
 * Which files of a repository the guide reads.
 *
 * - The candidates come from `git ls-files` (tracked, plus untracked files
 *   that no .gitignore excludes) when the root is a git checkout's top folder
 *   (git.ts runs it safely), and otherwise from a walk that honours every .gitignore on
 *   the way (the `ignore` package) and never enters a symlinked folder.
 * - Generated and vendored folders, lock files and minified bundles are left
 *   out here; whatever remains must pass the read gate's path rules
 *   (read-gate.ts): inside the root with links followed, no secret file or
 *   folder on the way, not too large.
 *
 * It runs in the knowledge and parse threads only, never on a job's event
 * loop, so its file system calls are synchronous on purpose: those threads
 * do nothing else, and a call without a thread-pool round trip is several
 * times faster over ten thousand files.
 */
import { createHash } from "node:crypto";
import { type Dirent, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { gitOutput, isCheckoutRoot } from "./git";
import { type CheckedPath, isRefusal, type ReadGate, type RefusalCode } from "./read-gate";

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

/** A file the guide reads, as the read gate checked it when listed: where it is, really, and its size and time. */
export type RepositoryFile = CheckedPath;

export type FileListing = {
  /** The root's real path. */
  root: string;
  via: "git" | "walk";
  files: RepositoryFile[];
  /** How many candidates were left out, by reason. */
  skipped: Record<"generated" | "secret" | "too-large" | "binary" | "outside-root" | "link-to-unlisted" | "unreadable", number>;
};

const SKIP_REASON: Partial<Record<RefusalCode, keyof FileListing["skipped"]>> = {
  credentials: "secret",
  "outside-repository": "outside-root",
  "too-large": "too-large",
  "not-found": "unreadable",
  unreadable: "unreadable",
};

function isSkippedFolder(name: string): boolean {
  return SKIPPED_FOLDERS.has(name);
}

function isGeneratedFile(relative: string): boolean {
  const base = path.posix.basename(relative);
  return SKIPPED_FILES.has(base) || GENERATED_SUFFIXES.some((suffix) => base.endsWith(suffix));
}

/** Files git knows under the root (tracked, and untracked but not ignored); undefined if not a checkout. */
function gitFiles(root: string): string[] | undefined {
  if (!isCheckoutRoot(root)) return undefined;
  return gitOutput(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])?.split("\0").filter(Boolean);
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
export function listRepositoryFiles(gate: ReadGate): FileListing {
  const fromGit = gitFiles(gate.root);
  const candidates = fromGit ?? walkedFiles(gate.root);
  const skipped: FileListing["skipped"] = {
    generated: 0,
    secret: 0,
    "too-large": 0,
    binary: 0,
    "outside-root": 0,
    "link-to-unlisted": 0,
    unreadable: 0,
  };
  const listed = new Set(candidates);
  const files: RepositoryFile[] = [];
  for (const relative of candidates) {
    const parts = relative.split("/");
    if (parts.slice(0, -1).some(isSkippedFolder) || isGeneratedFile(relative)) {
      skipped.generated += 1;
      continue;
    }
    const checked = gate.check(relative);
    if (isRefusal(checked)) {
      // A listed link the gate cannot find leads out of the root (or nowhere): the gate tells no one which, the log may.
      const leavesRoot = checked.refused === "not-found" && existsSync(path.join(gate.root, relative));
      const reason = leavesRoot ? "outside-root" : SKIP_REASON[checked.refused];
      if (reason) skipped[reason] += 1;
      continue;
    }
    // A link is read only when what it leads to is itself a file the repository lists (not one it ignores).
    const target = path.relative(gate.root, checked.real).split(path.sep).join("/");
    if (gate.layers.paths && target !== relative && !listed.has(target)) {
      skipped["link-to-unlisted"] += 1;
      continue;
    }
    files.push(checked);
  }
  return { root: gate.root, via: fromGit ? "git" : "walk", files, skipped };
}

/**
 * The repository's revision, for caching what was learned from it: git's HEAD
 * when it is a checkout, and a digest of every listed file's path, size and
 * modification time (so uncommitted edits count too).
 */
export function repositoryRevision(listing: FileListing): string {
  const hash = createHash("sha256");
  if (listing.via === "git") hash.update(`git:${gitOutput(listing.root, ["rev-parse", "HEAD"])?.trim() ?? "no-head"}\0`);
  for (const file of listing.files) hash.update(`${file.path}\0${file.size}\0${file.modified}\0`);
  return hash.digest("hex").slice(0, 32);
}
