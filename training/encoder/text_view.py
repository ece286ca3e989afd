"""A second view of a question's domain: hashed character n-grams and a multinomial logistic regression.

The encoder's domain head errs on questions asked unlike anything it learned from; character n-grams err
elsewhere (they read script, notation and vocabulary, not meaning), so the mean of the two is right more often on
sources neither saw (measured in models/encoder/README.md). Trained on the encoder's training rows (data.py: the
held-out sources stay out), source-balanced by the square root of size.

Writes text_view.bin (little-endian float32: idf[buckets], then weight[labels][buckets], then bias[labels]) and
text_view.json (what the C# reader needs; SemanticRouter.Routing/Encoders/TextView.cs computes the same features).

    /usr/bin/python3 training/encoder/text_view.py --out models/encoder   (needs python3-sklearn, python3-numpy)
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import math
import os
import sys

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402

BUCKETS = 1 << 16
MAX_N = 3
MAX_UNITS = 4096  # only the start of a long prompt is read (TextView.MaxUnits)


def units(text: str):
    """UTF-16 code units, lower-cased one at a time as .NET's char.ToLowerInvariant does for the BMP."""
    raw = text.encode("utf-16-le", "surrogatepass")[:2 * MAX_UNITS]
    for i in range(0, len(raw), 2):
        u = raw[i] | (raw[i + 1] << 8)
        if 0xD800 <= u <= 0xDFFF:
            yield u
            continue
        low = chr(u).lower()
        yield ord(low) if len(low) == 1 else u


def counts(text: str, buckets: int = BUCKETS) -> dict:
    """Whitespace runs become one space and the text is padded with one on each side, so word edges are n-grams."""
    seq = [32]
    for u in units(text):
        if u in (32, 9, 10, 13, 0x3000):
            if seq[-1] != 32: seq.append(32)
        else:
            seq.append(u)
    if seq[-1] != 32: seq.append(32)
    out = collections.Counter()
    for n in range(1, MAX_N + 1):
        for i in range(len(seq) - n + 1):
            h = 2166136261
            for k in range(n):
                h = ((h ^ seq[i + k]) * 16777619) & 0xFFFFFFFF
            h = ((h ^ n) * 16777619) & 0xFFFFFFFF
            out[h % buckets] += 1
    return out


def featurize(texts, idf, buckets: int = BUCKETS):
    rows, cols, vals = [], [], []
    for r, t in enumerate(texts):
        c = counts(t, buckets)
        v = {b: (1 + math.log(k)) * idf[b] for b, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        for b, x in v.items():
            rows.append(r); cols.append(b); vals.append(x / norm)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), buckets), dtype=np.float64)


def fit(rows, buckets: int = BUCKETS, c: float = 8.0):
    texts = [r["text"] for r in rows]
    df = np.zeros(buckets)
    for t in texts:
        for b in counts(t, buckets): df[b] += 1
    idf = np.log((1 + len(texts)) / (1 + df)) + 1
    size = collections.Counter(r["source"] for r in rows)
    weight = np.array([1 / math.sqrt(size[r["source"]]) for r in rows]); weight *= len(weight) / weight.sum()
    y = [data.DOMAIN_INDEX[r["domain"]] for r in rows]
    model = LogisticRegression(C=c, max_iter=3000).fit(featurize(texts, idf, buckets), y, sample_weight=weight)
    return idf.astype(np.float32), model.coef_.astype(np.float32), model.intercept_.astype(np.float32)


def predict(texts, idf, w, b):
    z = featurize(texts, idf, len(idf)) @ w.T.astype(np.float64) + b
    z = np.exp(z - z.max(1, keepdims=True))
    return z / z.sum(1, keepdims=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--buckets", type=int, default=BUCKETS)
    args = ap.parse_args()
    rows = data.load_training_rows()
    idf, w, b = fit(rows, args.buckets)
    blob = idf.tobytes() + w.tobytes() + b.tobytes()
    with open(os.path.join(args.out, "text_view.bin"), "wb") as f: f.write(blob)
    # The encoder's reference texts too, so the C# parity test can check the averaged domain signal.
    ref_path = os.path.join(args.out, "reference.json")
    texts = REFERENCE + ([i["text"] for i in json.load(open(ref_path, encoding="utf-8"))["items"]] if os.path.exists(ref_path) else [])
    held = data.load_held_out()
    acc = collections.defaultdict(list)
    for r, p in zip(held, predict([r["text"] for r in held], idf, w, b)):
        acc[r["source"]].append(int(p.argmax()) == data.DOMAIN_INDEX[r["domain"]])
    meta = {"head": "domain", "labels": data.DOMAINS, "buckets": args.buckets, "max_n": MAX_N, "file": "text_view.bin",
            "sha256": hashlib.sha256(blob).hexdigest(), "training_rows": len(rows),
            "held_out_accuracy": {s: round(float(np.mean(v)), 4) for s, v in sorted(acc.items())},
            "held_out_macro": round(float(np.mean([np.mean(v) for v in acc.values()])), 4),
            "reference": [{"text": t, "probabilities": [round(float(x), 6) for x in p]}
                          for t, p in zip(texts, predict(texts, idf, w, b))]}
    with open(os.path.join(args.out, "text_view.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
    config_path = os.path.join(args.out, "config.json")
    if os.path.exists(config_path):
        with open(config_path, encoding="utf-8") as f: config = json.load(f)
        config["text_view"] = "text_view.json"
        with open(config_path, "w", encoding="utf-8") as f: f.write(json.dumps(config, indent=2) + "\n")
    print(json.dumps({k: meta[k] for k in ("training_rows", "held_out_macro", "held_out_accuracy")}, ensure_ascii=False))


REFERENCE = ["What is the derivative of x^2 sin x?", "用Python写一个快速排序", "我最近总是头痛，应该怎么办？",
             "Write a short poem about autumn rain.", "  Mixed   whitespace\tand\nlines  ", "İstanbul ÉCOLE 😀 emoji",
             "def f(x):\n    return x ** 2", "", "请帮我润色这段文字：今天天气很好。"]

if __name__ == "__main__":
    main()
