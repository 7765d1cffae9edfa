#!/usr/bin/env bash
# Vendors the Swagger UI files that `policyqa serve` embeds (serve/static/swagger-ui)
# from the npm package swagger-ui-dist. The output is committed, so a build
# needs neither npm nor the network; rerun this script to upgrade:
#
#   scripts/serve/vendor-swagger-ui.sh [VERSION]
#
# It fetches the package tarball with `npm pack` (the ordinary npm client),
# copies only the files the page loads plus the licence, and records the
# version and checksums in VERSION.
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${1:-5.35.0}"
dest=serve/static/swagger-ui
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "swagger-ui-dist@${version}" >/dev/null)
tar -xzf "$tmp"/swagger-ui-dist-"${version}".tgz -C "$tmp"
mkdir -p "$dest"
files=(swagger-ui-bundle.js swagger-ui.css favicon-32x32.png LICENSE)
for f in "${files[@]}"; do
	cp "$tmp/package/$f" "$dest/$f"
done
# The bundle ends with a source-map comment for a file we do not ship.
sed -i '/^\/\/# sourceMappingURL=/d' "$dest/swagger-ui-bundle.js"
{
	echo "swagger-ui-dist ${version} (npm), vendored by scripts/serve/vendor-swagger-ui.sh"
	(cd "$dest" && sha256sum "${files[@]}")
} > "$dest/VERSION"
echo "vendored swagger-ui-dist ${version} into ${dest}:"
ls -l "$dest"
