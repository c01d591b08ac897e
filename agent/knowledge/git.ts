/**
 * Running git inside a repository that may be hostile, possibly as root.
 *
 * A repository's own `.git/config` can name programs for git to run: an
 * fsmonitor hook (which `ls-files` calls), hooks, an ssh command, a pager, a
 * credential helper, an external diff, and filters. Command-line `-c`
 * settings win over the repository's config, so every one of those that can
 * be switched off by name is switched off here. Filters cannot be (each has a
 * name the repository chooses); the guide only ever runs `ls-files` and
 * `rev-parse`, and neither applies a filter or starts a hook. Nothing reaches
 * a terminal, a pager or the network.
 *
 * @see https://git-scm.com/docs/git-config#Documentation/git-config.txt-corefsmonitor
 */
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import path from "node:path";

const SAFE_SETTINGS = [
  "core.fsmonitor=false",
  "core.hooksPath=/dev/null",
  "core.untrackedCache=false",
  "core.sshCommand=false",
  "core.pager=cat",
  "core.askPass=false",
  "credential.helper=",
  "protocol.allow=never",
  "diff.external=",
].flatMap((setting) => ["-c", setting]);

/** Nothing of the worker's own environment (its LiveKit secret among it) reaches git: only where to find programs. */
const SAFE_ENVIRONMENT: NodeJS.ProcessEnv = {
  // (Next's types make NODE_ENV part of every environment.)
  NODE_ENV: "production",
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  LANG: "C",
  GIT_OPTIONAL_LOCKS: "0",
  GIT_TERMINAL_PROMPT: "0",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_NO_REPLACE_OBJECTS: "1",
  GIT_ATTR_NOSYSTEM: "1",
  GIT_PAGER: "cat",
  GIT_ASKPASS: "",
  SSH_ASKPASS: "",
};

/** A command that runs longer than this (a repository whose work tree is the whole disk) counts as failed. */
const GIT_TIMEOUT_MS = 60_000;

/** git's output for a command in the repository, or undefined when git fails (not a checkout, say). */
export function gitOutput(root: string, args: string[]): string | undefined {
  try {
    return execFileSync("git", [...SAFE_SETTINGS, "-C", root, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      // git does not look for a repository above the root: the root's own checkout, or none.
      env: { ...SAFE_ENVIRONMENT, GIT_CEILING_DIRECTORIES: path.dirname(root) },
      stdio: ["ignore", "pipe", "ignore"],
      encoding: "utf8",
      timeout: GIT_TIMEOUT_MS,
    });
  } catch {
    return undefined;
  }
}

/**
 * Whether the root is a git checkout's own top folder. A repository's config
 * can move its work tree elsewhere (`core.worktree`), which would have git
 * list another folder's files: that one is read as a plain folder instead.
 */
export function isCheckoutRoot(root: string): boolean {
  const top = gitOutput(root, ["rev-parse", "--show-toplevel"])?.trim();
  if (!top) return false;
  try {
    return realpathSync.native(top) === root;
  } catch {
    return false;
  }
}
