"""Build a WordPiece vocabulary from the training text (train.json + public sets minus held-out sources).

1. Pre-tokenise every text with the BasicTokenizer of tokenizer.py (lower-case, accents stripped, CJK
   ideographs and punctuation split off) and count words.
2. Alphabet: every character seen at least --min-char-count times, plus printable ASCII. Characters that
   can sit inside a word (not CJK ideographs, not punctuation) also get their "##" continuation form.
3. Subwords: byte-pair-style frequency merges over the word counts in WordPiece notation (a word is
   [c0, ##c1, ##c2, ...]; merging "ab" + "##c" gives "abc", "##ab" + "##c" gives "##abc"), the most
   frequent adjacent pair first (ties: lexicographically smallest pair), until the vocabulary reaches
   --vocab-size or no pair occurs --min-pair-count times.
Specials come first: [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4. Deterministic: same data, same vocab.
"""
from __future__ import annotations

import argparse
import collections
import heapq
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import load_training_rows  # noqa: E402
from tokenizer import SPECIAL_TOKENS, basic_tokenize, is_cjk, is_punctuation  # noqa: E402


def build(texts, vocab_size: int, min_char_count: int, min_pair_count: int, log=print):
    words = collections.Counter()
    for t in texts:
        words.update(basic_tokenize(t))
    chars = collections.Counter()
    for w, c in words.items():
        for ch in w:
            chars[ch] += c
    alphabet = {ch for ch, c in chars.items() if c >= min_char_count}
    alphabet |= {chr(c) for c in range(33, 127) if not ("A" <= chr(c) <= "Z")}
    inner = sorted(ch for ch in alphabet if not is_cjk(ord(ch)) and not is_punctuation(ch))
    vocab = list(SPECIAL_TOKENS) + sorted(alphabet) + ["##" + ch for ch in inner]
    in_vocab = set(vocab)
    log(f"words: {sum(words.values())} tokens, {len(words)} distinct; alphabet {len(alphabet)} "
        f"(+{len(inner)} ## forms); start vocab {len(vocab)}")

    # Words that can be split into subwords: length >= 2, all characters in the alphabet.
    seqs, freqs = [], []
    for w in sorted(words):
        if len(w) < 2 or len(w) > 100 or any(ch not in alphabet for ch in w):
            continue
        seqs.append([w[0]] + ["##" + ch for ch in w[1:]])
        freqs.append(words[w])

    pair_count = collections.Counter()
    pair_where = collections.defaultdict(set)
    for i, (s, f) in enumerate(zip(seqs, freqs)):
        for a, b in zip(s, s[1:]):
            pair_count[(a, b)] += f
            pair_where[(a, b)].add(i)
    heap = [(-c, a, b) for (a, b), c in pair_count.items()]
    heapq.heapify(heap)

    merges = 0
    while len(vocab) < vocab_size and heap:
        negc, a, b = heapq.heappop(heap)
        c = pair_count.get((a, b), 0)
        if c != -negc:
            continue  # stale entry
        if c < min_pair_count:
            break
        merged = a + b[2:]
        merges += 1
        if merged not in in_vocab:
            vocab.append(merged)
            in_vocab.add(merged)
        changed = set()
        for i in sorted(pair_where.pop((a, b), ())):
            s, f = seqs[i], freqs[i]
            for x, y in zip(s, s[1:]):
                pair_count[(x, y)] -= f
                changed.add((x, y))
            out, j = [], 0
            while j < len(s):
                if j + 1 < len(s) and s[j] == a and s[j + 1] == b:
                    out.append(merged)
                    j += 2
                else:
                    out.append(s[j])
                    j += 1
            seqs[i] = out
            for x, y in zip(out, out[1:]):
                pair_count[(x, y)] += f
                pair_where[(x, y)].add(i)
                changed.add((x, y))
        pair_count.pop((a, b), None)
        for p in changed:
            cnt = pair_count.get(p, 0)
            if cnt <= 0:
                pair_count.pop(p, None)
                pair_where.pop(p, None)
            else:
                heapq.heappush(heap, (-cnt, p[0], p[1]))
    log(f"merges: {merges}; vocab {len(vocab)}")
    return vocab, {"distinct_words": len(words), "word_tokens": sum(words.values()), "alphabet": len(alphabet),
                   "continuation_chars": len(inner), "merges": merges, "vocab_size": len(vocab)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="vocab.txt to write")
    ap.add_argument("--vocab-size", type=int, default=12000)
    ap.add_argument("--min-char-count", type=int, default=2)
    ap.add_argument("--min-pair-count", type=int, default=2)
    args = ap.parse_args()
    t0 = time.time()
    rows = load_training_rows()
    vocab, stats = build([r["text"] for r in rows], args.vocab_size, args.min_char_count, args.min_pair_count)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for t in vocab:
            f.write(t + "\n")
    stats.update({"texts": len(rows), "seconds": round(time.time() - t0, 1)})
    with open(os.path.splitext(args.out)[0] + ".stats.json", "w") as f:
        json.dump(stats, f, indent=1)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
