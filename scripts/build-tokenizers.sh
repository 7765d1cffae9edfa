#!/usr/bin/env bash
# build-tokenizers.sh builds libtokenizers.a, the Rust static library that
# github.com/daulet/tokenizers links through cgo, from the module's own source
# in the Go module cache, into third_party/lib/ (git-ignored).
#
# Idempotent: it does nothing when the library is present and was built from
# the same module version. Needs cargo and access to crates.io (first run only).
#
# Use the result with:
#   CGO_LDFLAGS="-L$(pwd)/third_party/lib" go build -tags ort ./...
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

version="$(go list -m -f '{{.Version}}' github.com/daulet/tokenizers)"
src="$(go env GOMODCACHE)/github.com/daulet/tokenizers@${version}"
out="$root/third_party/lib"
stamp="$out/libtokenizers.version"

if [[ -f "$out/libtokenizers.a" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
	echo "build-tokenizers: libtokenizers.a $version up to date in $out"
	exit 0
fi

if [[ ! -f "$src/Cargo.toml" ]]; then
	go mod download github.com/daulet/tokenizers
fi
# rustup installs into ~/.cargo/bin, which non-login shells may not have on PATH.
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
command -v cargo >/dev/null || { echo "build-tokenizers: cargo not found (install Rust >= 1.75 with https://rustup.rs; Debian's rustc 1.63 is too old)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The module cache is read-only; build in a writable copy.
cp -r "$src/." "$work/"
chmod -R u+w "$work"
echo "build-tokenizers: cargo build --release ($version), this takes a few minutes"
(cd "$work" && cargo build --release --locked --quiet)

mkdir -p "$out"
cp "$work/target/release/libtokenizers.a" "$out/libtokenizers.a.tmp"
mv "$out/libtokenizers.a.tmp" "$out/libtokenizers.a"
echo "$version" >"$stamp"
echo "build-tokenizers: wrote $out/libtokenizers.a"
