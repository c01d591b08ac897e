#!/usr/bin/env bash
# `npm start` / `npm run dev`: installs what a fresh clone lacks, builds for
# production (unless --dev), and starts the app with the embedded LiveKit
# server when LIVEKIT_URL is unset.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

ensure_node_modules
if [ -z "${LIVEKIT_URL:-}" ]; then ensure_livekit_server; fi
if [ "${1:-}" != "--dev" ]; then
  build_app
fi
exec npx --no-install tsx scripts/start.ts "$@"
