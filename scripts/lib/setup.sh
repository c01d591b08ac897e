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

# Installs one of Debian's packages when its program (or, given a path, its file) is missing (apt-get: root or sudo needed).
ensure_debian_package() {
  local program="$1" package="$2"
  if command -v "$program" >/dev/null || [ -e "$program" ]; then return 0; fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      log "$program is missing and this user cannot install it: install Debian's $package package (apt-get install -y $package)."
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    log "$program is missing; install $package with your package manager."
    return 1
  fi
  log "installing $package from Debian's packages…"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null
  command -v "$program" >/dev/null || [ -e "$program" ]
}

ensure_chromium() {
  CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
  export CHROMIUM_PATH
  ensure_debian_package "$CHROMIUM_PATH" chromium
}

# The guide's voice: Debian's espeak-ng, run as a separate program (see agent/room/voice.ts).
ensure_espeak() {
  ensure_debian_package espeak-ng espeak-ng
}

# The guide's hearing: Debian's pocketsphinx and its English model, run as a separate program (see agent/guide/recognizer.ts).
ensure_pocketsphinx() {
  ensure_debian_package pocketsphinx_continuous pocketsphinx &&
    ensure_debian_package /usr/share/pocketsphinx/model/en-us/en-us/mdef pocketsphinx-en-us
}

# The hearing tests and the eval speak questions with espeak-ng and mix in noise with sox.
ensure_sox() {
  ensure_debian_package sox sox
}

# tests/guide-network.test.ts records every connection the guide makes with Debian's strace.
ensure_strace() {
  ensure_debian_package strace strace
}

# tests/metrics.test.ts scrapes the app with Debian's Prometheus (its server only; nothing is started as a service).
ensure_prometheus() {
  ensure_debian_package prometheus prometheus
}

build_app() {
  # Next's standalone build, skipped when the sources have not changed since the last one.
  npx --no-install tsx scripts/build.ts
}
