#!/usr/bin/env bash
# Sets everything up, then builds and runs the complete test suite (unit, gradient checks, conformance,
# selective installs, headless-gl and Chromium GPU tests, playground end-to-end tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
pnpm run test:all
