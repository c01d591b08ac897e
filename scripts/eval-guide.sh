#!/usr/bin/env bash
# `npm run eval:guide`: installs what is missing (npm dependencies,
# livekit-server, espeak-ng) and runs bench/guide-eval/run.ts, which measures the
# guide's accuracy, latencies and index figures against a real livekit-server
# and a real guide worker, and writes bench/results/guide-eval.{md,json}.
# Not part of `npm test`: speed and memory targets live here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

ensure_node_modules
ensure_livekit_server
ensure_espeak
ensure_pocketsphinx
ensure_sox

npx --no-install tsx scripts/build-agent.ts
log "evaluating the guide (a few minutes on two cores)…"
npx --no-install tsx bench/guide-eval/run.ts
