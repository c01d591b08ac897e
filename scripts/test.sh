#!/usr/bin/env bash
# `npm test`: every check and test, from a fresh clone. Installs what is
# missing (npm dependencies, livekit-server, Chromium, espeak-ng, strace), runs the static check
# (types, lint, format: `npm run check`), builds the app for production when
# its sources changed, runs the integration tests (vitest) and the browser
# tests (Playwright) against a real livekit-server, and ends with one line:
# "N passed, N failed[, N skipped]". A failed check stops the run there.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

ensure_node_modules || exit 1
rm -rf .test-output && mkdir -p .test-output
summary() { npx --no-install tsx scripts/test-summary.ts .test-output/check.json .test-output/vitest.json .test-output/playwright.json; }

if npm run -s check; then
  echo '{"ok":true}' >.test-output/check.json
else
  echo '{"ok":false}' >.test-output/check.json
  echo "[test] npm run check failed (above); fix it before the tests run" >&2
  summary
  exit 1
fi

ensure_livekit_server || exit 1
ensure_chromium || exit 1
ensure_espeak || exit 1
ensure_pocketsphinx || exit 1
ensure_sox || exit 1
ensure_strace || exit 1
ensure_prometheus || exit 1

# The build runs with a canary secret: tests/security.test.ts fails if it ends up in .next/static.
LIVEKIT_API_SECRET=build-time-secret-canary-3f9c2e71 build_app || exit 1

npx --no-install vitest run --reporter=default --reporter=json --outputFile.json=.test-output/vitest.json
vitest_status=$?
npx --no-install playwright test
playwright_status=$?

summary
summary_status=$?

if [ $vitest_status -ne 0 ] || [ $playwright_status -ne 0 ] || [ $summary_status -ne 0 ]; then exit 1; fi
