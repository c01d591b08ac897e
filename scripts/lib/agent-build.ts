/**
 * Building the guide (agent/) into plain JavaScript, one bundle per entry
 * module, all in AGENT_BUILD_DIR: the worker (main), the job (guide), and the
 * knowledge and parse threads, with threads/run-module.mjs beside them. npm
 * packages stay imports. Running the built guide loads no TypeScript compiler
 * into the worker, each job process and each of their threads.
 *
 * Several test runners may build at once: each file is written only when its
 * content changed, through a temporary file and a rename, so a worker that
 * starts meanwhile reads either the old file or the new one, never half.
 *
 * @see https://esbuild.github.io/api/#build
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

export const AGENT_BUILD_DIR = ".agent-build";
/** The worker's entry, as `npm run agent` and scripts/lib/guide-process.ts run it. */
export const AGENT_MAIN = path.join(AGENT_BUILD_DIR, "main.mjs");

const ENTRIES = [
  "agent/main.ts",
  "agent/guide.ts",
  "agent/knowledge/knowledge-thread.ts",
  "agent/knowledge/parse-thread.ts",
  "agent/knowledge-service/knowledge-service.ts",
];
const COPIED = ["agent/knowledge/run-module.mjs"];

function writeIfChanged(file: string, contents: Uint8Array) {
  const bytes = Buffer.from(contents);
  if (existsSync(file) && readFileSync(file).equals(bytes)) return;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

export async function buildAgent(root = "."): Promise<void> {
  const outdir = path.resolve(root, AGENT_BUILD_DIR);
  const result = await build({
    absWorkingDir: path.resolve(root),
    entryPoints: ENTRIES,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // Flat, so that entry modules find each other beside themselves (agent/knowledge/threads.ts, entryModule).
    outdir,
    entryNames: "[name]",
    outExtension: { ".js": ".mjs" },
    write: false,
    logLevel: "warning",
  });
  mkdirSync(outdir, { recursive: true });
  for (const file of result.outputFiles) writeIfChanged(file.path, file.contents);
  for (const file of COPIED) writeIfChanged(path.join(outdir, path.basename(file)), readFileSync(path.resolve(root, file)));
}
