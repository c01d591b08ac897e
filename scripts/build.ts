/**
 * `npm run build`: the guide's build (scripts/lib/agent-build.ts, every time:
 * it takes well under a second), then Next's production build (standalone
 * output), only when the app's sources changed since the last one. Used by
 * `npm start`, `npm test` and the benchmark; `--force` builds regardless.
 *
 * Standalone output leaves static assets for the deployment to place beside
 * the server (https://nextjs.org/docs/app/api-reference/config/next-config-js/output);
 * this places them, so `.next/standalone/server.js` serves everything.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildAgent } from "./lib/agent-build";
import { STANDALONE_SERVER, sourceFingerprint } from "./lib/build-inputs";

const STAMP = ".next/standalone/.source-fingerprint";

const { values } = parseArgs({ options: { force: { type: "boolean", default: false } } });
await buildAgent();
const fingerprint = sourceFingerprint();
const previous = existsSync(STAMP) && existsSync(STANDALONE_SERVER) ? readFileSync(STAMP, "utf8") : undefined;

if (!values.force && previous === fingerprint) {
  console.error("[build] the app's sources are unchanged since its last build; skipping next build (npm run build -- --force rebuilds)");
  process.exit(0);
}

console.error("[build] building the app (next build)…");
const nextBin = path.resolve("node_modules/next/dist/bin/next");
// Webpack rather than Turbopack for the production build: measured, it ships less JavaScript to the
// pre-join page (docs/architecture.md, "Bundler"). `next dev` keeps Turbopack.
const build = spawnSync(process.execPath, [nextBin, "build", "--webpack"], {
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  encoding: "utf8",
});
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}`);
  console.error("[build] next build failed");
  process.exit(1);
}
rmSync(".next/standalone/.next/static", { recursive: true, force: true });
cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
if (existsSync("public")) cpSync("public", ".next/standalone/public", { recursive: true });
writeFileSync(STAMP, fingerprint);
console.error("[build] done");
