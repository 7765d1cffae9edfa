#!/usr/bin/env python3
"""Time Python onnxruntime on a reader model, for `policyqa bench reader`'s
ratio_vs_python: the same model file, thread count, batch size and window
length, session.run alone (no tokenisation), so the ratio shows what the Go
reader costs on top of the runtime.

    .venv/bin/python scripts/model/bench_ort.py --model M.onnx --threads 2 --batch 8 --seq 384 --windows 64

Prints one JSON line per round: {"windows_per_s": ..., ...}. With --serve it
warms up, prints {"ready": true}, then runs one round per line read from
stdin, so a caller can interleave its own rounds with Python's on a shared,
noisy machine.

With --compare M2 [M3 ...] it times --model and each M interleaved, one
session.run at a time, for --rounds rounds, and prints one JSON line per
model: min and median wall and CPU ms per window and the speedups over
--model (CPU minimum with --threads 1 is the steadiest figure on a shared
machine):

    .venv/bin/python scripts/model/bench_ort.py --threads 1 --batch 1 --seq 370 --rounds 12 \
        --model .cache/models/bert-base-random/fp32/model.onnx \
        --compare .cache/models/bert-base-random/int8/model_quantized.onnx
"""

import argparse
import json
import sys
import time

import numpy as np
import onnxruntime as ort


def load(a, model):
    """Opens model with --threads and builds one batch of random ids; warms up."""
    so = ort.SessionOptions()
    if a.threads > 0:
        so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    feeds = {}
    for i in sess.get_inputs():
        dt = np.int32 if "int32" in i.type else np.int64
        if i.name == "input_ids":
            feeds[i.name] = rng.integers(5, a.vocab, size=(a.batch, a.seq)).astype(dt)
        elif i.name == "token_type_ids":
            feeds[i.name] = np.zeros((a.batch, a.seq), dtype=dt)
        else:
            feeds[i.name] = np.ones((a.batch, a.seq), dtype=dt)
    outs = [o.name for o in sess.get_outputs()]
    sess.run(outs, feeds)  # warm up
    return sess, feeds, outs


def compare(a, models):
    """Interleaved rounds, one run per model per round; min/median per window."""
    loaded = [load(a, m) for m in models]
    wall = [[] for _ in models]
    cpu = [[] for _ in models]
    for _ in range(a.rounds):
        for k, (sess, feeds, outs) in enumerate(loaded):
            t0, c0 = time.perf_counter(), time.process_time()
            sess.run(outs, feeds)
            wall[k].append(1000 * (time.perf_counter() - t0) / a.batch)
            cpu[k].append(1000 * (time.process_time() - c0) / a.batch)
    for k, m in enumerate(models):
        w, c = np.array(wall[k]), np.array(cpu[k])
        print(json.dumps({"model": m, "wall_ms_min": round(float(w.min()), 1), "wall_ms_median": round(float(np.median(w)), 1),
                          "cpu_ms_min": round(float(c.min()), 1), "cpu_ms_median": round(float(np.median(c)), 1),
                          "speedup_wall_min": round(float(min(wall[0]) / w.min()), 3),
                          "speedup_cpu_min": round(float(min(cpu[0]) / c.min()), 3),
                          "speedup_cpu_median": round(float(np.median(cpu[0]) / np.median(c)), 3),
                          "rounds": a.rounds, "batch": a.batch, "seq": a.seq, "threads": a.threads,
                          "ort_version": ort.__version__}), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=384)
    ap.add_argument("--windows", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--serve", action="store_true", help="one round per stdin line")
    ap.add_argument("--vocab", type=int, default=800, help="ids are drawn below this")
    ap.add_argument("--compare", nargs="+", metavar="M", help="time these models interleaved with --model")
    a = ap.parse_args()

    if a.compare:
        compare(a, [a.model] + a.compare)
        return
    sess, feeds, outs = load(a, a.model)
    runs = max(1, a.windows // a.batch)

    def one_round():
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(runs):
            sess.run(outs, feeds)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(json.dumps({"windows_per_s": runs * a.batch / dt, "cpu_ms_per_window": 1000 * cpu / (runs * a.batch), "runs": runs, "batch": a.batch, "seq": a.seq,
                          "threads": a.threads, "ort_version": ort.__version__}), flush=True)

    if a.serve:
        print(json.dumps({"ready": True}), flush=True)
        for _ in sys.stdin:
            one_round()
        return
    for _ in range(a.rounds):
        one_round()


if __name__ == "__main__":
    main()
