#!/usr/bin/env bash
# install-onnxruntime.sh puts libonnxruntime.so (the version that
# github.com/yalue/onnxruntime_go expects) into third_party/onnxruntime/lib/
# (git-ignored). The library is taken from the npm package onnxruntime-node,
# fetched with `npm pack` (its install scripts are never run: they download
# from outside the npm registry).
#
# Idempotent: does nothing when the library of that version is present.
# Point the reader at it with --ort-lib or ONNXRUNTIME_LIB, e.g.
#   export ONNXRUNTIME_LIB=$(pwd)/third_party/onnxruntime/lib/libonnxruntime.so
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${ORT_VERSION:-1.24.1}"
out="$root/third_party/onnxruntime/lib"
stamp="$out/VERSION"

case "$(uname -s)-$(uname -m)" in
Linux-x86_64) plat="linux/x64" ;;
Linux-aarch64) plat="linux/arm64" ;;
*) echo "install-onnxruntime: unsupported platform $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

if [[ -f "$out/libonnxruntime.so" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
	echo "install-onnxruntime: libonnxruntime $version up to date in $out"
	exit 0
fi
command -v npm >/dev/null || { echo "install-onnxruntime: npm not found" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "onnxruntime-node@${version}" >/dev/null)
tar -xzf "$work"/onnxruntime-node-*.tgz -C "$work"
lib="$(ls "$work/package/bin/napi-v6/$plat"/libonnxruntime.so.1* 2>/dev/null | head -n1)"
[[ -n "$lib" ]] || { echo "install-onnxruntime: no libonnxruntime.so in onnxruntime-node@$version for $plat" >&2; exit 1; }

mkdir -p "$out"
cp "$lib" "$out/libonnxruntime.so.tmp"
mv "$out/libonnxruntime.so.tmp" "$out/libonnxruntime.so"
ln -sf libonnxruntime.so "$out/libonnxruntime.so.1"
echo "$version" >"$stamp"
echo "install-onnxruntime: wrote $out/libonnxruntime.so ($version)"
