#!/usr/bin/env bash
# Checks every published package the way npm ships it: builds them (turbo, cached), then runs
# `publint --strict` (package.json fields, exports, files) and `attw --pack` (are the types right under
# node10, node16 CJS/ESM and bundler resolution) on each. Exits non-zero if any package fails.
#
# Usage: scripts/check-packages.sh [package-dir ...]     e.g. scripts/check-packages.sh core relu
# CI:    pnpm check:packages   (or run this script after `pnpm build`)
set -uo pipefail

# The published packages (directories under packages/). Edit this list when a package is added or retired.
PACKAGES=(core relu leaky-relu prelu elu gpu testkit onnx norm conv recurrent)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1
if (($# > 0)); then PACKAGES=("$@"); fi

filters=()
for p in "${PACKAGES[@]}"; do filters+=("--filter=./packages/$p"); done
echo "== building: ${PACKAGES[*]}"
if ! pnpm exec turbo run build "${filters[@]}" --output-logs=errors-only; then
  echo "check-packages: the build failed; fix it before linting the packages" >&2
  exit 1
fi

failed=()
for p in "${PACKAGES[@]}"; do
  dir="packages/$p"
  echo
  echo "== $dir"
  if [[ ! -f "$dir/package.json" ]]; then
    echo "missing $dir/package.json" >&2
    failed+=("$p(missing)")
    continue
  fi
  (cd "$dir" && pnpm exec publint --strict) || failed+=("$p(publint)")
  pnpm exec attw --pack "$dir" || failed+=("$p(attw)")
done

echo
if ((${#failed[@]} > 0)); then
  echo "check-packages: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "check-packages: all ${#PACKAGES[@]} packages pass publint --strict and attw"
