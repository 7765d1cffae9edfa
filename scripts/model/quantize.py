#!/usr/bin/env python3
"""Dynamic int8 quantisation of an exported reader model (weights int8,
activations quantised at run time), with onnxruntime.quantization.

    .venv/bin/python scripts/model/quantize.py IN.onnx OUT.onnx

Put OUT beside tokenizer.json (as model_quantized.onnx, or pass --model-file).
"""

import argparse


def quantize(src, dst):
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(src, dst, weight_type=QuantType.QInt8, per_channel=False)
    return dst


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("src")
    ap.add_argument("dst")
    a = ap.parse_args()
    print("wrote", quantize(a.src, a.dst))


if __name__ == "__main__":
    main()
