#!/usr/bin/env bash
# deps.sh — install the tools the tests use, when missing: pdftotext
# (poppler-utils) for the PDF loader, Debian's chromium for the browser
# test, and axe-core (npm, pinned), which the browser test loads into every
# page to check its accessibility. Idempotent; messages on stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
axe_version=4.14.1
axe_dir="$root/node_modules/axe-core" # git-ignored; the browser test reads axe.min.js from here
axe_ok() { grep -qs "\"version\": \"$axe_version\"" "$axe_dir/package.json" && [ -s "$axe_dir/axe.min.js" ]; }

need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || need+=(chromium fonts-liberation)
axe_ok || command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi; }
  if ! command -v apt-get >/dev/null; then
    echo "deps: please install: ${need[*]} (no apt-get here)" >&2; exit 1
  fi
  echo "deps: installing ${need[*]}" >&2
  as_root apt-get update -qq >&2 || { echo "deps: apt-get update failed; install ${need[*]} yourself" >&2; exit 1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
if ! axe_ok; then
  echo "deps: installing axe-core $axe_version (npm) into node_modules/axe-core" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "axe-core@$axe_version" >/dev/null && tar xzf axe-core-*.tgz)
  rm -rf "$axe_dir" && mkdir -p "$axe_dir"
  cp "$tmp/package/axe.min.js" "$tmp/package/package.json" "$tmp/package/LICENSE" "$axe_dir/"
fi
