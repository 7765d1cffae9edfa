#!/usr/bin/env python3
"""Dynamic int8 quantisation of an exported reader model (weights int8,
activations quantised at run time), with onnxruntime.quantization.

    .venv/bin/python scripts/model/quantize.py IN.onnx OUT.onnx [--optimize bert|none]
        [--per-tensor] [--reduce-range] [--weight-type qint8|quint8]

By default the graph is first fused with ONNX Runtime's transformer optimizer
(model type "bert" fits BERT, ELECTRA, RoBERTa and XLM-R encoders): fused
attention quantises into QAttention, which quantize_dynamic alone cannot
produce, and runs faster. Put OUT beside tokenizer.json as
model_quantized.onnx (or pass --model-file to policyqa).

The default recipe (fused, signed int8 weights, one scale per output
channel, full range) was chosen by measurement (ONNX Runtime 1.24.1, AMD
EPYC with AVX2 and no VNNI; figures in reader/README.md):

* per-channel weight scales cost under 1% time (same u8s8 GEMM, a scale
  vector instead of a scalar) and keep the answers closer to fp32: on 300
  KorQuAD dev questions with an e5-korquad reader, per-channel picks the
  fp32 span 289/300 times, per-tensor 280/300, per-tensor reduce-range
  246/300;
* signed weights (u8s8 kernel) run 1.25x faster than unsigned (u8u8);
* reduce-range (7-bit weights) runs no faster and loses accuracy;
* quantising the activation x activation MatMuls too (no fused attention,
  MatMulConstBOnly off) is slower: their DynamicQuantizeLinear passes cost
  more than the int8 GEMM saves.
"""

import argparse
import os
import tempfile


def quantize(src, dst, optimize="bert", per_channel=True, reduce_range=False, weight_type="qint8"):
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    wt = {"qint8": QuantType.QInt8, "quint8": QuantType.QUInt8}[weight_type]
    with tempfile.TemporaryDirectory() as tmp:
        if optimize != "none":
            from onnxruntime.transformers import optimizer

            # num_heads/hidden_size 0: detected from the graph.
            m = optimizer.optimize_model(src, model_type=optimize, num_heads=0, hidden_size=0, opt_level=1)
            src = os.path.join(tmp, "optimized.onnx")
            m.save_model_to_file(src)
        # Fused ops come from the com.microsoft domain, whose outputs shape
        # inference cannot type: default them to float. Only MatMuls with a
        # constant weight are quantised (attention scores stay fp32).
        quantize_dynamic(src, dst, weight_type=wt, per_channel=per_channel, reduce_range=reduce_range,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT, "MatMulConstBOnly": True})
    return dst


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--optimize", default="bert", help='transformer optimizer model type, or "none"')
    ap.add_argument("--per-tensor", action="store_true", help="one weight scale per tensor instead of per output channel")
    ap.add_argument("--reduce-range", action="store_true", help="7-bit weights")
    ap.add_argument("--weight-type", default="qint8", choices=["qint8", "quint8"])
    a = ap.parse_args()
    print("wrote", quantize(a.src, a.dst, a.optimize, per_channel=not a.per_tensor, reduce_range=a.reduce_range,
                            weight_type=a.weight_type))


if __name__ == "__main__":
    main()
