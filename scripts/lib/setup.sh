# Shared set-up steps for scripts/start.sh and scripts/test.sh: each makes sure
# one thing a fresh clone lacks is there, and says what it is doing.
# Sourced, not run.

# Next.js would otherwise try to send anonymous telemetry from every build.
export NEXT_TELEMETRY_DISABLED=1

log() { printf '[setup] %s\n' "$*" >&2; }

ensure_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dependencies…"
    # Not `npm ci`: the lock file cannot list the macOS/Windows builds of Next's
    # compiler when the registry in use serves only Linux ones, and `npm ci`
    # refuses such a lock. `npm install --no-save` installs the locked versions
    # and leaves package-lock.json untouched.
    npm install --no-save --no-audit --no-fund --loglevel=error
  fi
}

ensure_livekit_server() {
  # Prints nothing on success but the binary's path; builds it with Go on first use.
  LIVEKIT_SERVER_BIN="$(npx --no-install tsx scripts/ensure-livekit-server.ts)" || return 1
  export LIVEKIT_SERVER_BIN
  log "livekit-server: $LIVEKIT_SERVER_BIN"
}

ensure_chromium() {
  CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
  export CHROMIUM_PATH
  if [ -x "$CHROMIUM_PATH" ]; then return 0; fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      log "Chromium is missing at $CHROMIUM_PATH and this user cannot install it."
      log "Install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH."
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    log "Chromium is missing at $CHROMIUM_PATH; install it with your package manager or set CHROMIUM_PATH."
    return 1
  fi
  log "installing Chromium from Debian's packages…"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM_PATH" ]
}

build_app() {
  # Next's standalone build, skipped when the sources have not changed since the last one.
  npx --no-install tsx scripts/build.ts
}
