import { defineConfig } from "@playwright/test";

/**
 * End-to-end runs in the machine's Chromium (never a downloaded browser) with
 * fake media devices, against a real livekit-server and the production build,
 * both started by e2e/support/global-setup.ts on free loopback ports.
 */
export const CHROMIUM_ARGS = [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: ".test-output/playwright.json" }]],
  outputDir: ".test-output/playwright-artifacts",
  use: {
    browserName: "chromium",
    headless: true,
    // Playwright's video recording needs a downloaded ffmpeg, which this machine cannot fetch.
    video: "off",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    },
  },
});
