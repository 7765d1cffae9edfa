#!/usr/bin/env python3
"""Build, export and verify the reader's tiny test model (reader/testdata/tiny).

    .venv/bin/python scripts/model/make_tiny.py            # regenerate fixtures
    .venv/bin/python scripts/model/make_tiny.py --check    # re-verify committed ones

Generation is offline and seeded: a WordPiece tokenizer is trained on
corpus_tiny.txt (short fictional Korean/English policy sentences written for
this project), a 2-layer, 64-wide BertForQuestionAnswering gets random
weights, and the model is exported to ONNX. Then, for a few question/passage
cases, reference.json records the reader's windows (token ids), the torch
start/end logits of every window and the top spans scored the way package
reader scores them. The script also checks itself against Hugging Face:
the windows equal what the fast tokenizer's truncation="only_second" with
return_overflowing_tokens produces, the transformers question-answering
pipeline picks the same best span on single-window cases, and ONNX Runtime
agrees with torch.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ROOT = os.path.dirname(os.path.dirname(HERE))

import numpy as np  # noqa: E402

import qa_common  # noqa: E402

OPTIONS = {"max_length": 384, "stride": 128, "max_question_tokens": 64, "max_answer_tokens": 30}
K = 10
SEED = 20220


def corpus_lines():
    with open(os.path.join(HERE, "corpus_tiny.txt"), encoding="utf-8") as f:
        return [ln.strip() for ln in f if ln.strip()]


def cases():
    lines = corpus_lines()
    long_passage = " ".join(lines * 3)  # well over one 384-token window
    return [
        {"name": "single_passage", "question": "청년 주거 지원 사업은 언제 시작하였나?",
         "passages": [lines[0] + " " + lines[1]]},
        {"name": "three_passages", "question": "보조금 한도는 얼마인가?",
         "passages": [lines[8], lines[9] + " " + lines[10], lines[5]]},
        {"name": "long_passage_windows", "question": "응급 의료 기관까지 농촌 지역의 평균 이동 시간은?",
         "passages": [long_passage, lines[12]]},
        {"name": "long_question_truncated", "question": " ".join(lines[2:9]) + " 그렇다면 신청은 어디에서 받는가?",
         "passages": [lines[2]]},
        {"name": "mixed_script_and_unknown", "question": "How much rent does the program pay?",
         "passages": ["The program pays up to 200,000 won (약 150달러) per month — 최대 12개월, ☂ Ω₂ 漢字."]},
        {"name": "empty_and_blank_passages", "question": "문화 바우처는 얼마를 지급하나?",
         "passages": ["", lines[23], "   "]},
    ]


def train_tokenizer():
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                strip_accents=False, lowercase=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece(prefix="##")
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    trainer = trainers.WordPieceTrainer(vocab_size=1200, min_frequency=1, special_tokens=specials,
                                        limit_alphabet=800, continuing_subword_prefix="##")
    tok.train_from_iterator(corpus_lines(), trainer=trainer)
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    return tok


def hf_tokenizer(tok_path):
    from transformers import BertTokenizerFast

    return BertTokenizerFast(tokenizer_file=tok_path, unk_token="[UNK]", sep_token="[SEP]",
                             pad_token="[PAD]", cls_token="[CLS]", mask_token="[MASK]", do_lower_case=False)


def build_model(vocab_size):
    import torch
    from transformers import BertConfig, BertForQuestionAnswering

    torch.manual_seed(SEED)
    cfg = BertConfig(vocab_size=vocab_size, hidden_size=64, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=128, max_position_embeddings=512, type_vocab_size=2)
    model = BertForQuestionAnswering(cfg)
    # Spread the QA head so random logits separate spans clearly.
    with torch.no_grad():
        model.qa_outputs.weight.normal_(0.0, 1.0)
    return model.eval()


def reference(model, tok_path):
    import torch

    tok, tpl, _ = qa_common.load_tokenizer(tok_path)
    out = {"options": OPTIONS, "k": K, "cases": []}
    for c in cases():
        ws = qa_common.make_windows(tok, tpl, c["question"], c["passages"], OPTIONS["max_length"],
                                    OPTIONS["stride"], OPTIONS["max_question_tokens"])
        starts, ends, wout = [], [], []
        for w in ws:
            with torch.no_grad():
                r = model(input_ids=torch.tensor([w["ids"]]), attention_mask=torch.ones(1, len(w["ids"]), dtype=torch.long),
                          token_type_ids=torch.tensor([w["type_ids"]]))
            s, e = r.start_logits[0].numpy(), r.end_logits[0].numpy()
            starts.append(s)
            ends.append(e)
            wout.append({"passage": w["passage"], "input_ids": w["ids"], "token_type_ids": w["type_ids"],
                         "start_logits": [float(f"{x:.7g}") for x in s],
                         "end_logits": [float(f"{x:.7g}") for x in e]})
        spans = qa_common.top_spans(c["passages"], ws, starts, ends, K, OPTIONS["max_answer_tokens"])
        out["cases"].append({**c, "windows": wout, "spans": spans})
    return out


def check_against_hf(ref, model, tok_path):
    """Cross-check windows and best spans with transformers itself."""
    from transformers import pipeline

    hf = hf_tokenizer(tok_path)
    qa = pipeline("question-answering", model=model, tokenizer=hf, device=-1)
    for c in ref["cases"]:
        q_len = len(hf(c["question"], add_special_tokens=False)["input_ids"])
        if q_len <= OPTIONS["max_question_tokens"]:
            for pi, p in enumerate(c["passages"]):
                if not p.strip():
                    continue
                enc = hf(c["question"], p, truncation="only_second", max_length=OPTIONS["max_length"],
                         stride=OPTIONS["stride"], return_overflowing_tokens=True)
                ours = [w["input_ids"] for w in c["windows"] if w["passage"] == pi]
                if enc["input_ids"] != ours:
                    sys.exit(f"{c['name']}: passage {pi}: windows differ from Hugging Face's")
        single = [i for i, p in enumerate(c["passages"]) if p.strip()]
        # The pipeline does not cut long questions, so only short ones compare.
        if len(single) == 1 and len(c["windows"]) == 1 and q_len <= OPTIONS["max_question_tokens"]:
            p = c["passages"][single[0]]
            a = qa(question=c["question"], context=p, max_answer_len=OPTIONS["max_answer_tokens"],
                   doc_stride=OPTIONS["stride"], max_seq_len=OPTIONS["max_length"],
                   max_question_len=OPTIONS["max_question_tokens"])
            st, en = qa_common.byte_offsets(p, [(a["start"], a["end"])])[0]
            top = c["spans"][0]
            c["pipeline"] = {"answer": a["answer"], "start": st, "end": en, "score": a["score"]}
            if (top["passage"], top["start"], top["end"]) != (single[0], st, en):
                sys.exit(f"{c['name']}: pipeline answer {a} != our top span {top}")
            print(f"  {c['name']}: pipeline agrees: {a['answer']!r}")


def write_bad_io_model(path):
    """A valid ONNX model that is no QA model (input x, output y): the reader
    must refuse it at start-up with a clear error."""
    import onnx
    from onnx import TensorProto, helper

    g = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "not_qa",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, None])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, None])])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save(m, path)


def check_onnx(ref, onnx_path, tol=1e-4):
    import onnxruntime as ort

    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    worst = 0.0
    for c in ref["cases"]:
        for w in c["windows"]:
            ids = np.array([w["input_ids"]], dtype=np.int64)
            s, e = sess.run(["start_logits", "end_logits"], {
                "input_ids": ids, "attention_mask": np.ones_like(ids),
                "token_type_ids": np.array([w["token_type_ids"]], dtype=np.int64)})
            worst = max(worst, float(np.abs(s[0] - np.array(w["start_logits"])).max()),
                        float(np.abs(e[0] - np.array(w["end_logits"])).max()))
    if worst > tol:
        sys.exit(f"onnx logits differ from torch by {worst}")
    print(f"  onnxruntime vs torch: max |diff| {worst:.2e}")


def compare_refs(a, b, tol=1e-5):
    for ca, cb in zip(a["cases"], b["cases"], strict=True):
        for wa, wb in zip(ca["windows"], cb["windows"], strict=True):
            assert wa["input_ids"] == wb["input_ids"], ca["name"]
            for key in ("start_logits", "end_logits"):
                d = float(np.abs(np.array(wa[key]) - np.array(wb[key])).max())
                assert d <= tol, f"{ca['name']} {key} differs by {d}"
        assert [(s["passage"], s["start"], s["end"]) for s in ca["spans"]] == \
               [(s["passage"], s["start"], s["end"]) for s in cb["spans"]], ca["name"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, "reader", "testdata", "tiny"))
    ap.add_argument("--check", action="store_true", help="verify the committed fixtures instead of writing")
    a = ap.parse_args()

    if a.check:
        from transformers import BertForQuestionAnswering

        model = BertForQuestionAnswering.from_pretrained(a.out).eval()
        tok_path = os.path.join(a.out, "tokenizer.json")
        ref = reference(model, tok_path)
        with open(os.path.join(a.out, "reference.json"), encoding="utf-8") as f:
            compare_refs(ref, json.load(f))
        check_against_hf(ref, model, tok_path)
        check_onnx(ref, os.path.join(a.out, "model.onnx"))
        print("fixtures OK:", a.out)
        return

    tmp = tempfile.mkdtemp()
    try:
        tok = train_tokenizer()
        tok_path = os.path.join(tmp, "tokenizer.json")
        tok.save(tok_path)
        model = build_model(tok.get_vocab_size())
        hf = hf_tokenizer(tok_path)
        os.makedirs(a.out, exist_ok=True)
        path, names = qa_common.export_onnx(model, hf, a.out)
        model.save_pretrained(a.out)  # config.json + model.safetensors, for --check
        ref = reference(model, os.path.join(a.out, "tokenizer.json"))
        check_against_hf(ref, model, os.path.join(a.out, "tokenizer.json"))
        check_onnx(ref, path)
        with open(os.path.join(a.out, "reference.json"), "w", encoding="utf-8") as f:
            json.dump(ref, f, ensure_ascii=False, indent=1)
        write_bad_io_model(os.path.join(os.path.dirname(a.out), "bad_io", "model.onnx"))
        shutil.copy(os.path.join(a.out, "tokenizer.json"), os.path.join(os.path.dirname(a.out), "bad_io", "tokenizer.json"))
        print(f"wrote {a.out}: vocab {tok.get_vocab_size()}, inputs {names}, {len(ref['cases'])} cases")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
