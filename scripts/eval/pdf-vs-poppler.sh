#!/usr/bin/env bash
# Compares `policyqa parse --format text` with poppler's `pdftotext -raw` on
# every PDF under a folder: pages, pages the parse sends to OCR (no usable
# text layer), pages where pdftotext finds no text, and the recall of
# poppler's Hangul and digit bigrams (whitespace ignored, never across
# other characters or lines; the parse's " | " between table cells counts
# as a space, and so do the "←"/"↑" marks of positions a merged cell
# covers) in the parse's text.
#
#   scripts/eval/pdf-vs-poppler.sh ../shared/data/field-dev
#
# Needs bin/policyqa (make build), pdftotext (poppler-utils) and
# poppler-data (Adobe-Korea1 CMaps for pdftotext).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:?usage: scripts/eval/pdf-vs-poppler.sh DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-32s %5s %9s %13s %8s\n' file pages "OCR pages" "poppler empty" recall
find "$dir" -name '*.pdf' | sort | while read -r f; do
	bin/policyqa parse --format text --ocr=false --figures=false "$f" >"$tmp/ours.txt" 2>/dev/null
	pdftotext -raw -enc UTF-8 "$f" "$tmp/poppler.txt" 2>/dev/null
	python3 - "$f" "$tmp/ours.txt" "$tmp/poppler.txt" <<'PY'
import collections, os, re, sys
name, ours, theirs = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
def bigrams(text):
    c = collections.Counter()
    for line in text.split("\n"):
        # parse's cell separator: cells of a row read on, as pdftotext sets
        # them; the marks of positions a merged cell covers ("←", "↑": the
        # cell is printed once, as pdftotext prints it) are layout too
        line = re.sub(r"(?:^|(?<= \| ))[←↑](?= \| |$)", "", line)
        line = line.replace(" | ", " ")
        kept = "".join(ch if ("가" <= ch <= "힣" or ch.isdigit()) else ("" if ch.isspace() else "|") for ch in line)
        for piece in kept.split("|"):
            for i in range(len(piece) - 1):
                c[piece[i:i + 2]] += 1
    return c
want, have = bigrams(theirs), bigrams(ours)
total = sum(want.values())
found = sum(min(n, have[b]) for b, n in want.items())
pages = theirs.split("\f")
if pages and pages[-1].strip() == "":
    pages = pages[:-1]
empty = [str(i + 1) for i, p in enumerate(pages) if p.strip() == ""]
ocr = re.findall(r"^--- page (\d+): no text", ours, re.M)
n = re.search(r"\((?:pdf), (\d+) pages\)", ours)
print("%-32s %5s %9s %13s %8.4f" % (os.path.basename(name), n.group(1) if n else "?",
      ",".join(ocr) or "-", ",".join(empty) or "-", found / total if total else 1.0))
PY
done
