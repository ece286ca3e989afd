"""Compare tokenizer.py with HuggingFace's BertTokenizer (transformers.js, run by node) on the training texts,
the held-out sources, verify.json and hand-written edge cases. Exit code 1 on any difference.

Whole texts are compared without truncation. Truncation is not compared: tokenizer.py truncates as HuggingFace's
Python and Rust tokenizers do ([CLS] + the first max_length-2 word pieces + [SEP]), while transformers.js 4.3.1
cuts the sequence after adding [CLS]/[SEP] and so drops the final [SEP].
usage: /usr/bin/python3 training/encoder/check_tokenizer.py VOCAB.txt"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import load_held_out, load_training_rows, load_verify  # noqa: E402
from tokenizer import BertTokenizer  # noqa: E402

EDGE_CASES = [
    "", "   ", "Hello, World!", "HÉLLO wörld ñandú Ångström", "naïve café résumé", "ÀÉÎÕÜ àéîõü ç",
    "求微分方程 dy/dx = x^2 + 1 的通解", "mixed中文and English混合text", "tab\there\nnewline\r\nend",
    "zero\u200bwidth\u00adsoft\ufeffbom", "nbsp\u00a0ideographic\u3000space", "emoji 😀👍 ok", "¿Qué? ¡Sí!",
    "x = a_b + c-d; y := f(x)[0] {k: v} <tag/> ~`@#$%^&*|\\", "“quotes” ‘single’ —dash– …ellipsis",
    "日本語のテキスト、カタカナ", "한국어 텍스트 입니다", "Ελληνικά αβγ Σίσυφος", "Русский текст",
    "supercalifragilisticexpialidocious" * 4, "a" * 101, "a" * 100, "ℌ𝔢𝔩𝔩𝔬 ﬁ ﬂ ½ ²", "İstanbul ǅ",
    "[CLS] literal [SEP] and [MASK] and [mask] and [UNK]x[PAD]", "word" + " x" * 300,
    "def f(x):\n    return x**2  # square", "SELECT * FROM t WHERE id=1;", "\x00\x01control\x7f\x85chars",
    "\ufffdreplacement", "１２３ ＡＢＣ fullwidth", "e\u0301 combining", "㐀 𠀀 CJK ext", "\u2028line\u2029para",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vocab")
    args = ap.parse_args()
    tok = BertTokenizer.from_file(args.vocab)
    texts = [r["text"] for r in load_training_rows() + load_held_out() + load_verify()] + EDGE_CASES
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
        path = f.name
    here = os.path.dirname(os.path.abspath(__file__))
    res = subprocess.run(["node", os.path.join(here, "check_tokenizer_hf.mjs"), args.vocab, path, "1000000"],
                         capture_output=True, text=True)
    os.unlink(path)
    if res.returncode != 0:
        print(res.stderr)
        sys.exit(2)
    hf = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert len(hf) == len(texts), (len(hf), len(texts))
    bad = 0
    for t, h in zip(texts, hf):
        ours = tok.encode(t, None)
        if ours != h:
            bad += 1
            if bad <= 10:
                print("DIFF", repr(t[:120]))
                k = next((j for j, (a, b) in enumerate(zip(ours, h)) if a != b), min(len(ours), len(h)))
                print(f"  first difference at position {k}; lengths ours {len(ours)}, hf {len(h)}")
                print("  ours", [tok.vocab_list[i] for i in ours[max(0, k - 3):k + 5]])
                print("  hf  ", [tok.vocab_list[i] for i in h[max(0, k - 3):k + 5]])
    print(f"{len(texts)} texts, {bad} differ")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
