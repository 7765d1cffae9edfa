#!/usr/bin/env bash
# setup-model-venv.sh: the project-local Python venv (.venv) for the model
# scripts in scripts/model (export, quantize, fixtures, fine-tuning), pinned by
# scripts/requirements-model.txt. `make test` and CI never need it. The Linux
# torch wheel from PyPI pulls its CUDA libraries too (a few GB).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r scripts/requirements-model.txt
.venv/bin/python -c 'import torch, transformers, onnxruntime; print("venv ready:", torch.__version__, transformers.__version__, onnxruntime.__version__)'
