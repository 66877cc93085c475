#!/usr/bin/env bash
# vendor-govuk.sh [VERSION] — rebuild server/web/assets/govuk from the
# govuk-frontend npm package (its built CSS, fonts and crest image), so the
# web chat needs no CDN at run time. Run it to upgrade; commit the result.
set -euo pipefail
version="${1:-6.6.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/server/web/assets"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "govuk-frontend@$version" >/dev/null && tar xzf govuk-frontend-*.tgz)
src="$tmp/package/dist/govuk"
rm -rf "$dest/govuk" "$dest/fonts" "$dest/images"
mkdir -p "$dest/govuk" "$dest/fonts" "$dest/images"
cp "$src/govuk-frontend.min.css" "$dest/govuk/"
cp "$src"/assets/fonts/*.woff2 "$src"/assets/fonts/*.woff "$dest/fonts/"
cp "$src/assets/images/govuk-crest.svg" "$dest/images/"
cp "$tmp/package/LICENSE.txt" "$dest/govuk/LICENSE.txt" 2>/dev/null || true
echo "govuk-frontend $version" > "$dest/govuk/VERSION"
echo "vendored govuk-frontend $version into $dest" >&2
