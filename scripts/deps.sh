#!/usr/bin/env bash
# deps.sh — install the system tools the tests use, when missing:
# pdftotext (poppler-utils) for the PDF loader and Debian's chromium for the
# browser test. Idempotent; messages on stderr.
set -euo pipefail
need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || need+=(chromium fonts-liberation)
[ ${#need[@]} -eq 0 ] && exit 0
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi; }
if ! command -v apt-get >/dev/null; then
  echo "deps: please install: ${need[*]} (no apt-get here)" >&2; exit 1
fi
echo "deps: installing ${need[*]}" >&2
as_root apt-get update -qq >&2 || { echo "deps: apt-get update failed; install ${need[*]} yourself" >&2; exit 1; }
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
