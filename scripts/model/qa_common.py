"""Shared helpers of the reader's model scripts.

The windowing and span scoring here mirror package reader (Go) step by step,
so reference outputs written by make_tiny.py can be compared exactly:

* question and passage are tokenised separately without special tokens;
* the question is cut to max_question_tokens;
* the passage is cut into windows of room = max_length - len(q) - specials
  tokens starting at multiples of room - stride (Hugging Face's doc_stride);
* every span of at most max_answer_tokens passage tokens scores
  start_logit + end_logit; the same byte range seen from two windows keeps its
  best score; the null score of a passage is the minimum over its windows of
  the first token's start+end logits.
"""

import json
import os
import sys

import numpy as np


def byte_offsets(text, char_offsets):
    """Convert Python char offsets to UTF-8 byte offsets of text."""
    pos = [0]
    for ch in text:
        pos.append(pos[-1] + len(ch.encode("utf-8")))
    return [(pos[s], pos[e]) for s, e in char_offsets]


def pair_template(tok_json):
    """Return the pair template of a tokenizer.json as a list of
    ("special", id, type_id) / ("seq", 0|1, type_id) tuples."""
    pp = tok_json["post_processor"]

    def parse(pp):
        t = pp["type"]
        if t == "BertProcessing":
            cls, sep = pp["cls"][1], pp["sep"][1]
            return [("special", cls, 0), ("seq", 0, 0), ("special", sep, 0), ("seq", 1, 1), ("special", sep, 1)]
        if t == "RobertaProcessing":
            cls, sep = pp["cls"][1], pp["sep"][1]
            return [("special", cls, 0), ("seq", 0, 0), ("special", sep, 0), ("special", sep, 0), ("seq", 1, 0), ("special", sep, 0)]
        if t == "TemplateProcessing":
            out = []
            for p in pp["pair"]:
                if "SpecialToken" in p:
                    st = p["SpecialToken"]
                    for i in pp["special_tokens"][st["id"]]["ids"]:
                        out.append(("special", i, st["type_id"]))
                else:
                    sq = p["Sequence"]
                    out.append(("seq", 1 if sq["id"] == "B" else 0, sq["type_id"]))
            return out
        if t == "Sequence":
            for sub in pp["processors"]:
                try:
                    return parse(sub)
                except (KeyError, ValueError):
                    continue
        raise ValueError("unsupported post_processor " + t)

    return parse(pp)


def pad_id(tok_json):
    if tok_json.get("padding"):
        return tok_json["padding"]["pad_id"]
    for a in tok_json.get("added_tokens", []):
        if a["content"] in ("[PAD]", "<pad>"):
            return a["id"]
    return 0


def load_tokenizer(path):
    """Load tokenizer.json with truncation and padding off, like the Go reader."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(path)
    tok.no_truncation()
    tok.no_padding()
    with open(path, encoding="utf-8") as f:
        tj = json.load(f)
    return tok, pair_template(tj), pad_id(tj)


def encode(tok, text):
    enc = tok.encode(text.replace("\x00", " "), add_special_tokens=False)
    return list(enc.ids), byte_offsets(text, enc.offsets)


def make_windows(tok, tpl, question, passages, max_length, stride, max_q):
    q_ids, _ = encode(tok, question)
    q_ids = q_ids[:max_q]
    specials = sum(1 for p in tpl if p[0] == "special")
    room = max_length - len(q_ids) - specials
    step = max(room - stride, 1)
    windows = []
    for pi, text in enumerate(passages):
        ids, offs = encode(tok, text)
        n = len(ids)
        if n == 0:
            continue
        start = 0
        while True:
            stop = min(start + room, n)
            w = {"passage": pi, "ids": [], "type_ids": [], "ctx_start": 0, "ctx_offsets": offs[start:stop]}
            for kind, v, t in tpl:
                if kind == "special":
                    w["ids"].append(v)
                    w["type_ids"].append(t)
                elif v == 0:
                    w["ids"] += q_ids
                    w["type_ids"] += [t] * len(q_ids)
                else:
                    w["ctx_start"] = len(w["ids"])
                    w["ids"] += ids[start:stop]
                    w["type_ids"] += [t] * (stop - start)
            windows.append(w)
            if stop == n:
                break
            start += step
    return windows


def top_spans(passages, windows, starts, ends, k, max_answer):
    """Score spans exactly as package reader does; returns the k best."""
    best, null = {}, {}
    for w, s, e in zip(windows, starts, ends):
        s = np.asarray(s, dtype=np.float64)
        e = np.asarray(e, dtype=np.float64)
        ns = s[0] + e[0]
        null[w["passage"]] = min(null.get(w["passage"], ns), ns)
        offs, c0 = w["ctx_offsets"], w["ctx_start"]
        for i in range(len(offs)):
            if offs[i][1] <= offs[i][0]:
                continue
            for j in range(i, min(len(offs), i + max_answer)):
                if offs[j][1] <= offs[j][0]:
                    continue
                key = (w["passage"], offs[i][0], offs[j][1])
                sc = float(np.float64(s[c0 + i]) + np.float64(e[c0 + j]))
                if key not in best or sc > best[key]:
                    best[key] = sc
    cands = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    out = []
    for (p, st, en), sc in cands:
        b = passages[p].encode("utf-8")
        out.append({"text": b[st:en].decode("utf-8"), "passage": p, "start": st, "end": en, "score": sc, "null": null[p]})
    return out


def export_onnx(model, tokenizer, out_dir, opset=14):
    """Export a Hugging Face question-answering model to out_dir/model.onnx
    with dynamic batch and sequence axes, and write out_dir/tokenizer.json."""
    import torch

    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    names = [n for n in tokenizer.model_input_names if n in ("input_ids", "attention_mask", "token_type_ids")]
    sample = tokenizer("질문입니다", "문맥 예시입니다", return_tensors="pt")
    args = tuple(sample[n] for n in names)
    dyn = {n: {0: "batch", 1: "sequence"} for n in names}
    dyn.update({"start_logits": {0: "batch", 1: "sequence"}, "end_logits": {0: "batch", 1: "sequence"}})

    class Wrapper(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, *xs):
            out = self.m(**dict(zip(names, xs)))
            return out.start_logits, out.end_logits

    path = os.path.join(out_dir, "model.onnx")
    wrapped = Wrapper(model).eval()  # export restores this mode afterwards
    with torch.no_grad():
        torch.onnx.export(wrapped, args, path, input_names=names,
                          output_names=["start_logits", "end_logits"], dynamic_axes=dyn,
                          opset_version=opset, do_constant_folding=True, dynamo=False)
    model.eval()
    tokenizer.backend_tokenizer.save(os.path.join(out_dir, "tokenizer.json"))
    model.config.to_json_file(os.path.join(out_dir, "config.json"))
    return path, names


def check_onnx(path, model, tokenizer, names, tol=1e-4):
    """Compare ONNX Runtime and torch logits on one sample; returns max diff."""
    import onnxruntime as ort
    import torch

    enc = tokenizer("정책 지원 사업은 언제 시작했나요?", "정부는 2021년부터 지역 청년 지원 사업을 시작하였다. " * 5,
                    return_tensors="pt")
    with torch.no_grad():
        ref = model(**{n: enc[n] for n in names})
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    got = sess.run(["start_logits", "end_logits"], {n: enc[n].numpy() for n in names})
    diff = max(float(np.abs(got[0] - ref.start_logits.numpy()).max()),
               float(np.abs(got[1] - ref.end_logits.numpy()).max()))
    if diff > tol:
        sys.exit(f"onnx/torch logits differ by {diff} > {tol}")
    return diff
