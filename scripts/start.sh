#!/usr/bin/env bash
# `npm start` / `npm run dev`: installs what a fresh clone lacks, builds for
# production (unless --dev, and only when the sources changed), and starts the
# app, with the embedded LiveKit server and the guide when LIVEKIT_URL is unset.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

ensure_node_modules
if [ -z "${LIVEKIT_URL:-}" ]; then
  ensure_livekit_server
  # Without it the guide greets in text only, so a failed install is not fatal.
  ensure_espeak || log "the guide will greet in text only"
  # Without it the guide cannot hear push-to-talk questions; typing still works.
  ensure_pocketsphinx || log "the guide will not hear questions asked aloud"
fi
if [ "${1:-}" != "--dev" ]; then
  build_app
fi
exec npx --no-install tsx scripts/start.ts "$@"
