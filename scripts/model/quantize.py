#!/usr/bin/env python3
"""Dynamic int8 quantisation of an exported reader model (weights int8,
activations quantised at run time), with onnxruntime.quantization.

    .venv/bin/python scripts/model/quantize.py IN.onnx OUT.onnx [--optimize bert|none]

By default the graph is first fused with ONNX Runtime's transformer optimizer
(model type "bert" fits BERT, ELECTRA, RoBERTa and XLM-R encoders): fused
attention quantises into QAttention, which quantize_dynamic alone cannot
produce, and runs faster. Put OUT beside tokenizer.json as
model_quantized.onnx (or pass --model-file to policyqa).
"""

import argparse
import os
import tempfile


def quantize(src, dst, optimize="bert"):
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        if optimize != "none":
            from onnxruntime.transformers import optimizer

            # num_heads/hidden_size 0: detected from the graph.
            m = optimizer.optimize_model(src, model_type=optimize, num_heads=0, hidden_size=0, opt_level=1)
            src = os.path.join(tmp, "optimized.onnx")
            m.save_model_to_file(src)
        # Fused ops come from the com.microsoft domain, whose outputs shape
        # inference cannot type: default them to float.
        quantize_dynamic(src, dst, weight_type=QuantType.QInt8, per_channel=False,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    return dst


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--optimize", default="bert", help='transformer optimizer model type, or "none"')
    a = ap.parse_args()
    print("wrote", quantize(a.src, a.dst, a.optimize))


if __name__ == "__main__":
    main()
