/**
 * Bundles the /api endpoints (server/http/api-node-entry.ts) for
 * scripts/serve.mjs, after `next build`. Packages stay in node_modules; only
 * our server code is bundled. `server-only` is a marker that throws outside
 * React's server environment, so here it resolves to nothing.
 */
import { build } from "esbuild";

await build({
  entryPoints: ["server/http/api-node-entry.ts"],
  outfile: ".next/api-server.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  alias: { "server-only": "./scripts/lib/server-only-stub.js" },
  tsconfig: "tsconfig.json",
  logLevel: "warning",
});
