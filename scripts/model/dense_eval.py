#!/usr/bin/env python3
"""Score dense retrieval signals against BM25 on KorQuAD 1.0 dev paragraph
retrieval (question -> the paragraph it was asked on), alone and fused.

    .venv/bin/python scripts/model/dense_eval.py --pack .cache/devpack --vectors .cache/train/e5-korquad-gpu

Inputs: device_pack.py's folder (token ids of every paragraph and question,
paragraph texts) and device_train.py's output folder:

* dense.npz: multilingual-e5-small sentence vectors ("query: " / "passage: "
  prefixes, mean pooling over the whole encoder), i.e. a neural dense
  retriever that needs a model run per query;
* static.npz: the same encoder's output for every packed token seen alone;
  here turned into kor-minish / model2vec-style static embeddings: PCA to
  --dims, each token row weighted by log(1 + rank) (Zipf by vocabulary
  rank, as model2vec does), a text's vector = the mean of its tokens' rows,
  no model run at query time.

BM25 is dense_probe.py's (k1 1.2, b 0.75 over character bigrams inside
words), a stand-in for package retrieval's analysers: the absolute BM25
figures are this script's, not `policyqa bench retrieval`'s. Fusion:
reciprocal rank (k = 60) and a convex mix of min-max normalised scores.
Prints one JSON line per method.
"""

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dense_probe  # noqa: E402


def ranks(scores):
    return np.argsort(-scores, axis=1, kind="stable")


def static_vectors(V, ids_flat, lens, dims):
    V = V.astype(np.float32)
    mu = V.mean(0)
    U, S, Wt = np.linalg.svd(V - mu, full_matrices=False)
    T = (V - mu) @ Wt[:dims].T
    # Packed ids are sorted vocabulary ids, so the row index is the vocabulary
    # rank order; model2vec weights a token by log(1 + rank) (rarer tokens,
    # larger ids in SentencePiece vocabularies, weigh more).
    T = T * np.log1p(np.arange(len(T)))[:, None]
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    out = np.zeros((len(lens), dims), dtype=np.float32)
    for i, (s, n) in enumerate(zip(starts, lens)):
        tok = ids_flat[s:s + n]
        tok = tok[(tok > 3)]  # drop <s>, <pad>, </s>, <unk>
        if len(tok):
            out[i] = T[tok].mean(0)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return out


def fuse(B, D, alpha):
    n = B.shape[1]
    rb = np.empty_like(B)
    rd = np.empty_like(D)
    ar = np.arange(n, dtype=float)
    for i in range(len(B)):
        rb[i, np.argsort(-B[i], kind="stable")] = ar
        rd[i, np.argsort(-D[i], kind="stable")] = ar
    rrf = 1 / (60 + rb) + 1 / (60 + rd)

    def mm(x):
        lo, hi = x.min(1, keepdims=True), x.max(1, keepdims=True)
        return (x - lo) / np.maximum(hi - lo, 1e-12)

    mix = (1 - alpha) * mm(B) + alpha * mm(D)
    return ranks(rrf), ranks(mix)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", default=".cache/devpack")
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--alpha", type=float, default=0.3)
    a = ap.parse_args()

    with open(os.path.join(a.pack, "paragraphs.json"), encoding="utf-8") as f:
        texts = json.load(f)
    pk = np.load(os.path.join(a.pack, "dense.npz"))
    dv = np.load(os.path.join(a.vectors, "dense.npz"))
    gold = list(pk["gold"])
    bm = dense_probe.BM25(texts["paragraphs"])
    B = np.stack([bm.scores(q) for q in texts["questions"]])
    P, Q = dv["P"].astype(np.float32), dv["Q"].astype(np.float32)
    E = Q @ P.T
    V = np.load(os.path.join(a.vectors, "static.npz"))["V"]
    SP = static_vectors(V, pk["p_ids"], pk["p_len"], a.dims)
    SQ = static_vectors(V, pk["q_ids"], pk["q_len"], a.dims)
    S = SQ @ SP.T
    out = {"bm25": ranks(B), "dense_e5": ranks(E), f"static_e5_pca{a.dims}": ranks(S)}
    for name, D in (("dense_e5", E), (f"static_e5_pca{a.dims}", S)):
        r, m = fuse(B, D, a.alpha)
        out[f"bm25+{name} rrf"] = r
        out[f"bm25+{name} mix{a.alpha}"] = m
    for k, rk in out.items():
        print(json.dumps({"method": k, "paragraphs": len(P), **dense_probe.metrics(rk, gold)}))


if __name__ == "__main__":
    main()
