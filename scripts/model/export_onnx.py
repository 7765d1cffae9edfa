#!/usr/bin/env python3
"""Export a Hugging Face extractive QA checkpoint to ONNX for policyqa's reader.

    .venv/bin/python scripts/model/export_onnx.py CHECKPOINT OUT_DIR [--quantize]

CHECKPOINT is a local directory (config.json, weights, tokenizer files) or a
Hugging Face hub id when the machine has internet, e.g. a KorQuAD fine-tuned
KoELECTRA. OUT_DIR receives model.onnx, tokenizer.json and config.json (and
model_quantized.onnx with --quantize); point policyqa at it with
--model OUT_DIR or POLICYQA_MODEL=OUT_DIR.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import qa_common  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint")
    ap.add_argument("out_dir")
    ap.add_argument("--opset", type=int, default=14)
    ap.add_argument("--quantize", action="store_true", help="also write model_quantized.onnx (dynamic int8)")
    a = ap.parse_args()

    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(a.checkpoint, use_fast=True)
    if not tok.is_fast:
        sys.exit("need a fast tokenizer (tokenizer.json) for the Go reader")
    model = AutoModelForQuestionAnswering.from_pretrained(a.checkpoint)
    path, names = qa_common.export_onnx(model, tok, a.out_dir, a.opset)
    diff = qa_common.check_onnx(path, model, tok, names)
    print(f"wrote {path} inputs={names} max |onnx-torch| = {diff:.2e}")
    if a.quantize:
        import quantize

        q = quantize.quantize(path, os.path.join(a.out_dir, "model_quantized.onnx"))
        print(f"wrote {q}")


if __name__ == "__main__":
    main()
