#!/usr/bin/env python3
"""Build the reader's benchmark model: BERT-base shaped (12 layers, hidden
768, 12 heads, vocab 32000: the size of KoELECTRA/KLUE-BERT readers) with
random weights, exported to ONNX fp32 and (fused, then dynamically)
quantised to int8 with quantize.py (per-channel signed int8 weights).

    .venv/bin/python scripts/model/make_bench_model.py [--out .cache/models/bert-base-random] [--int8-only]

Writes OUT/fp32/{model.onnx,tokenizer.json} and
OUT/int8/{model_quantized.onnx,tokenizer.json} (git-ignored, ~440 MB + ~110 MB).
--int8-only re-quantises an existing OUT/fp32/model.onnx (no torch needed).
The tokenizer is the tiny test model's (reader/testdata/tiny): its ids fit
the larger vocabulary, and speed does not depend on which ids are fed.
"""

import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ROOT = os.path.dirname(os.path.dirname(HERE))

import qa_common  # noqa: E402
import quantize  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, ".cache", "models", "bert-base-random"))
    ap.add_argument("--int8-only", action="store_true", help="only re-quantise OUT/fp32/model.onnx")
    a = ap.parse_args()
    fp32 = os.path.join(a.out, "fp32")
    if a.int8_only:
        write_int8(a.out, os.path.join(fp32, "model.onnx"))
        return

    import torch
    from transformers import BertConfig, BertForQuestionAnswering, BertTokenizerFast

    tok_path = os.path.join(ROOT, "reader", "testdata", "tiny", "tokenizer.json")
    tok = BertTokenizerFast(tokenizer_file=tok_path, do_lower_case=False)
    torch.manual_seed(0)
    model = BertForQuestionAnswering(BertConfig(vocab_size=32000)).eval()
    path, names = qa_common.export_onnx(model, tok, fp32)
    diff = qa_common.check_onnx(path, model, tok, names, tol=1e-3)
    print(f"wrote {path} inputs={names} max |onnx-torch| = {diff:.2e}")
    write_int8(a.out, path)


def write_int8(out, fp32_model):
    """Quantise with quantize.py's default recipe into OUT/int8."""
    int8 = os.path.join(out, "int8")
    os.makedirs(int8, exist_ok=True)
    quantize.quantize(fp32_model, os.path.join(int8, "model_quantized.onnx"))
    for f in ("tokenizer.json", "config.json"):
        shutil.copy(os.path.join(os.path.dirname(fp32_model), f), os.path.join(int8, f))
    print(f"wrote {int8}/model_quantized.onnx")


if __name__ == "__main__":
    main()
