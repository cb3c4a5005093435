#!/usr/bin/env bash
# Sets up a fresh Debian machine that has only Node.js (20.19+) and npm:
# the Debian packages the tests need, pnpm, and every npm dependency (headless-gl compiles from source, ~4 min).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# chromium: playground end-to-end tests and the gpu backend's WebGL2/WebGPU tests (SwiftShader)
# xvfb, xauth, Mesa: a display and an OpenGL implementation for headless-gl
# libxi-dev libglu1-mesa-dev libglew-dev pkg-config python3 make g++: the headless-gl native build
DEBIAN_PACKAGES=(chromium xvfb xauth libgl1-mesa-dri libxi-dev libglu1-mesa-dev libglew-dev pkg-config python3 make g++)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

PNPM_VERSION=12.4.2
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm@$PNPM_VERSION"
  sudo_if_needed npm install -g --no-fund --no-audit "pnpm@$PNPM_VERSION"
fi

# pnpm does not pass npm's nodedir to node-gyp: without it the gl build tries to download Node's headers.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
pnpm install --frozen-lockfile
