#!/usr/bin/env bash
# `npm run bench`: installs what is missing (npm dependencies, livekit-server,
# Chromium), makes a production build, and runs bench/run.ts, which writes
# bench/results/latest.{md,json} and latency.svg, then bench/code-view.ts,
# which writes bench/results/code-view.{md,json}, then bench/rooms-per-worker.ts,
# which writes bench/results/rooms-per-worker.{md,json}. Not part of `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

ensure_node_modules
ensure_livekit_server
ensure_chromium
ensure_espeak
ensure_pocketsphinx

build_app

log "running the benchmark (about 10 minutes on two cores)…"
npx --no-install tsx bench/run.ts
log "measuring the code view (about 2 minutes)…"
npx --no-install tsx bench/code-view.ts
log "measuring rooms per guide worker (about 12 minutes)…"
npx --no-install tsx bench/rooms-per-worker.ts
