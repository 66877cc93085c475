#!/bin/sh
# Container entrypoint: `serve` first ingests the mounted letters folder
# (idempotent: unchanged files are skipped, missing ones pruned, but not more
# than 3 at once: ingest refuses without --yes, and the service still starts;
# migrations run on connect), then serves. Any other command runs letters directly.
set -e
if [ "${1:-serve}" = "serve" ]; then
  if [ -d "${LETTERS_DIR:-/letters}" ] && [ "${LETTERS_INGEST_ON_START:-true}" = "true" ]; then
    /usr/local/bin/letters ingest --prune "${LETTERS_DIR:-/letters}" || echo "entrypoint: some files could not be ingested (see above); serving the rest" >&2
  fi
  # letters added from the web, read again (a restored database gets them back; unchanged ones are skipped)
  if [ -d "${LETTERS_UPLOAD_DIR:-/uploads}" ] && [ -n "$(ls -A "${LETTERS_UPLOAD_DIR:-/uploads}" 2>/dev/null)" ] && [ "${LETTERS_INGEST_ON_START:-true}" = "true" ]; then
    /usr/local/bin/letters ingest "${LETTERS_UPLOAD_DIR:-/uploads}" || echo "entrypoint: some uploaded letters could not be ingested (see above)" >&2
  fi
  shift || true
  exec /usr/local/bin/letters serve "$@"
fi
exec /usr/local/bin/letters "$@"
