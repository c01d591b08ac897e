/**
 * What the production build is made from, as one fingerprint: the contents of
 * every file under the folders Next compiles and of the files that configure
 * it. A change anywhere in them means a new build; a change to tests, docs,
 * scripts or the agent does not.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Where `next build` leaves the production server (output: "standalone"). */
export const STANDALONE_SERVER = ".next/standalone/server.js";

const FOLDERS = ["app", "components", "contract", "server", "trpc", "public"];
const FILES = [
  "scripts/build.ts",
  "next.config.ts",
  "proxy.ts",
  "instrumentation.ts",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
];

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const full = path.join(folder, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

export function sourceFingerprint(root = "."): string {
  const hash = createHash("sha256");
  const files = [...FOLDERS.flatMap((folder) => filesUnder(path.join(root, folder))), ...FILES.map((file) => path.join(root, file))];
  for (const file of files) {
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(existsSync(file) ? readFileSync(file) : "(missing)");
    hash.update("\0");
  }
  return hash.digest("hex");
}
