#!/usr/bin/env bash
# Sets everything up, then opens the playground: http://127.0.0.1:5173
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm run dev
