import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // `server-only` throws outside React Server Components; tests are server code too.
    alias: { "server-only": path.resolve("node_modules/server-only/empty.js"), "@": path.resolve(".") },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // The fixture repository's own tests are the guide's reading material, not ours.
    exclude: ["tests/fixtures/**", "node_modules/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One LiveKit server and one app are shared; files run one at a time on this 2-core machine.
    fileParallelism: false,
  },
});
