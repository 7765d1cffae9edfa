#!/usr/bin/env bash
# bench-office.sh: the office-made chart benchmark (issue 20). Writes seeded
# workbooks with charts (gen_office.py, openpyxl), renders them with
# LibreOffice headless to PDF, rasterises the first page with pdftoppm at
# each chart's dpi, crops the chart (crop.py), then scores charts.Extract on
# the images with `policyqa bench charts --dir`.
#
#   scripts/charts/bench-office.sh [--per-kind 8] [--seed 1] [--kinds col3d,pie3d] [-v]
#   scripts/charts/bench-office.sh --seeds 41,42,43,44 [-v]
#
# --seeds renders each seed (cached as with --seed) and scores them as one
# pool (.cache/office-charts/pool-S1_S2…, links to the images and their
# truth with the seed in each id): with 4 charts a kind and labelling a
# seed, one misread chart moves a cell by a quarter; a pool of seeds gives
# each cell 4 charts a seed.
#
# Output is cached in .cache/office-charts/seed-S-K (seed-S-K-KINDS with
# --kinds; git-ignored): a second run only scores. --kinds draws only those
# kinds (a different sample from the same seed). Needs libreoffice-calc-nogui, fonts-nanum, fonts-noto-cjk,
# poppler-utils (installed with apt when missing) and python3 (venv
# .cache/venv-charts, pinned by requirements-charts.txt).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
per_kind=8 seed=1 seeds="" kinds="" extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --per-kind) per_kind="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --kinds) kinds="$2"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null || ! fc-list | grep -qi "Noto Sans CJK"; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui fonts-nanum fonts-noto-cjk poppler-utils >/dev/null
fi
venv=.cache/venv-charts
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import openpyxl, PIL' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r scripts/charts/requirements-charts.txt
fi
if [ -n "$seeds" ]; then
  # Render (or reuse) each seed, then score the pool.
  pool=.cache/office-charts/pool-${seeds//,/_}-$per_kind${kinds:+-${kinds//,/_}}
  rm -rf "$pool" && mkdir -p "$pool/images"
  for s in ${seeds//,/ }; do
    "$0" --seed "$s" --per-kind "$per_kind" ${kinds:+--kinds "$kinds"} --render-only
    src=.cache/office-charts/seed-$s-$per_kind${kinds:+-${kinds//,/_}}/images
    python3 - "$src" "$pool/images" "$s" <<'PY'
import json, os, sys
src, dst, seed = sys.argv[1:]
with open(os.path.join(dst, "truth.jsonl"), "a", encoding="utf-8") as out:
    for line in open(os.path.join(src, "truth.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        name = f"s{seed}-{r['id']}"
        os.symlink(os.path.abspath(os.path.join(src, f"{r['id']}.{r['format']}")), os.path.join(dst, f"{name}.{r['format']}"))
        r["id"] = name
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
  done
  [ -x bin/policyqa ] || make build
  exec bin/policyqa bench charts --dir "$pool/images" --workers 1 ${extra[@]+"${extra[@]}"}
fi
render_only=false
for a in ${extra[@]+"${extra[@]}"}; do [ "$a" = --render-only ] && render_only=true; done
out=.cache/office-charts/seed-$seed-$per_kind${kinds:+-${kinds//,/_}}
if [ ! -f "$out/images/.done" ]; then
  rm -rf "$out"
  "$venv/bin/python" scripts/charts/gen_office.py --out "$out" --per-kind "$per_kind" --seed "$seed" ${kinds:+--kinds "$kinds"}
  mkdir -p "$out/pdf" "$out/raw"
  # One LibreOffice process for the whole batch, its own profile.
  HOME="$root/.cache/lo-home" soffice --headless --norestore --convert-to pdf --outdir "$out/pdf" "$out"/xlsx/*.xlsx >"$out/soffice.log" 2>&1
  python3 - "$out" <<'PY'
import json, subprocess, sys
out = sys.argv[1]
for line in open(out + "/truth.jsonl", encoding="utf-8"):
    r = json.loads(line)
    subprocess.run(["pdftoppm", "-r", str(r["dpi"]), "-f", "1", "-l", "1", "-singlefile", "-png",
                    f"{out}/pdf/{r['id']}.pdf", f"{out}/raw/{r['id']}"], check=True)
PY
  "$venv/bin/python" scripts/charts/crop.py "$out/raw" "$out/truth.jsonl" "$out/images"
  cp "$out/truth.jsonl" "$out/images/truth.jsonl"
  touch "$out/images/.done"
fi
$render_only && exit 0
[ -x bin/policyqa ] || make build
bin/policyqa bench charts --dir "$out/images" --workers 1 ${extra[@]+"${extra[@]}"}
