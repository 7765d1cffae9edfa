#!/usr/bin/env bash
# install-kor-best.sh puts tesseract's best Korean LSTM model (tessdata_best,
# integerised) into a tessdata folder as kor_best.traineddata, where
# charts.LabelModel reads chart labels with it. The model comes from the npm
# package @tesseract.js-data/kor (pinned version, fetched with `npm pack`,
# no install scripts run, checked against a SHA-256) and is kept in
# .cache/tessdata (git-ignored) for the next run.
#
#   scripts/install-kor-best.sh [TESSDATA_DIR]   (default: Debian's tesseract 5 folder)
#
# Idempotent. Without npm it says so and exits 0: the charts then read
# their labels with the engine's own models (kor, eng). The Dockerfile runs
# it in its node stage with an output folder and copies the model into the
# runtime image.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-/usr/share/tesseract-ocr/5/tessdata}"
version=1.0.0
sha=ec1749377d49ac38fb3d3cd05dd5e2a53359d329f359762bc638a81132109992
cache="${KOR_BEST_CACHE:-$root/.cache/tessdata}"
model="$cache/kor_best-$version.traineddata"

if [[ -f "$dest/kor_best.traineddata" ]] && echo "$sha  $dest/kor_best.traineddata" | sha256sum -c --quiet - 2>/dev/null; then
	exit 0
fi
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
	SUDO="sudo"
fi

if ! [[ -f "$model" ]] || ! echo "$sha  $model" | sha256sum -c --quiet - 2>/dev/null; then
	if ! command -v npm >/dev/null 2>&1; then
		echo "install-kor-best: npm missing, kor_best not installed (chart labels read with kor)" >&2
		exit 0
	fi
	work="$(mktemp -d)"
	trap 'rm -rf "$work"' EXIT
	(cd "$work" && npm pack --ignore-scripts --silent "@tesseract.js-data/kor@$version" >/dev/null)
	tar -xzf "$work/tesseract.js-data-kor-$version.tgz" -C "$work" package/4.0.0_best_int/kor.traineddata.gz
	gunzip -c "$work/package/4.0.0_best_int/kor.traineddata.gz" >"$work/kor_best.traineddata"
	if ! echo "$sha  $work/kor_best.traineddata" | sha256sum -c --quiet -; then
		echo "install-kor-best: checksum mismatch for @tesseract.js-data/kor@$version" >&2
		exit 1
	fi
	mkdir -p "$cache"
	mv "$work/kor_best.traineddata" "$model"
fi
$SUDO mkdir -p "$dest"
$SUDO install -m 0644 "$model" "$dest/kor_best.traineddata"
echo "install-kor-best: installed $dest/kor_best.traineddata"
