"""BERT tokenizer (BasicTokenizer + WordPiece), written to behave like HuggingFace's BertTokenizer
(do_lower_case=True, strip_accents=None, tokenize_chinese_chars=True).

Pipeline for one text, in HuggingFace's order:
  1. special tokens written literally in the text ("[CLS]", "[SEP]", ...; case-sensitive, whole string)
     are kept as single tokens, as HuggingFace's added-token splitting does;
  2. clean: drop U+0000, U+FFFD and control characters (Unicode category C*, except \t \n \r);
     whitespace (space, \t, \n, \r, Unicode Zs) becomes a space;
  3. put spaces around CJK ideographs, so each is a token of its own;
  4. NFC, split on whitespace;
  5. per piece: lower-case, then strip accents (NFD, drop category Mn);
  6. split on punctuation (ASCII 33-47, 58-64, 91-96, 123-126 and Unicode P*), each mark a token;
  7. WordPiece: greedy longest match, continuation pieces prefixed "##"; a word with no full match or
     longer than 100 characters becomes [UNK];
  8. [CLS] tokens [SEP], truncated to max_length (tokens cut first, [SEP] kept).

Only the Python standard library is used.
"""
from __future__ import annotations

import unicodedata
from typing import Dict, Iterable, List, Optional

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
SPECIAL_TOKENS = [PAD, UNK, CLS, SEP, MASK]
MAX_INPUT_CHARS_PER_WORD = 100


def is_whitespace(ch: str) -> bool:
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def is_control(ch: str) -> bool:
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch).startswith("C")


def is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def clean_text(text: str) -> str:
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or is_control(ch):
            continue
        out.append(" " if is_whitespace(ch) else ch)
    return "".join(out)


def space_cjk(text: str) -> str:
    out = []
    for ch in text:
        if is_cjk(ord(ch)):
            out.extend((" ", ch, " "))
        else:
            out.append(ch)
    return "".join(out)


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def split_on_punctuation(text: str) -> List[str]:
    out: List[List[str]] = []
    start_new = True
    for ch in text:
        if is_punctuation(ch):
            out.append([ch])
            start_new = True
        else:
            if start_new:
                out.append([])
                start_new = False
            out[-1].append(ch)
    return ["".join(x) for x in out]


def basic_tokenize(text: str, lower_case: bool = True, accents: bool = True) -> List[str]:
    """Words and punctuation marks of one text (no special-token handling)."""
    text = clean_text(text)
    text = space_cjk(text)
    text = unicodedata.normalize("NFC", text)
    words: List[str] = []
    for piece in text.split():
        if lower_case:
            piece = piece.lower()
            if accents:
                piece = strip_accents(piece)
        words.extend(split_on_punctuation(piece))
    # HF joins and re-splits on whitespace: drops empties produced by accent stripping etc.
    return " ".join(words).split()


def split_special(text: str, specials: Iterable[str] = SPECIAL_TOKENS) -> List[str]:
    """Split text on literal special tokens (leftmost, longest match), keeping them as separate items."""
    specials = sorted(set(specials), key=len, reverse=True)
    out: List[str] = []
    i, start = 0, 0
    n = len(text)
    while i < n:
        if text[i] == "[":
            hit = next((s for s in specials if text.startswith(s, i)), None)
            if hit is not None:
                if start < i:
                    out.append(text[start:i])
                out.append(hit)
                i += len(hit)
                start = i
                continue
        i += 1
    if start < n:
        out.append(text[start:])
    return out


class BertTokenizer:
    def __init__(self, vocab: List[str], lower_case: bool = True, strip_accents: bool = True):
        self.vocab_list = list(vocab)
        self.vocab: Dict[str, int] = {t: i for i, t in enumerate(self.vocab_list)}
        self.lower_case = lower_case
        self.strip_accents = strip_accents
        for t in SPECIAL_TOKENS:
            if t not in self.vocab:
                raise ValueError(f"vocab lacks {t}")
        self.pad_id, self.unk_id = self.vocab[PAD], self.vocab[UNK]
        self.cls_id, self.sep_id, self.mask_id = self.vocab[CLS], self.vocab[SEP], self.vocab[MASK]
        self._cache: Dict[str, List[int]] = {}

    @classmethod
    def from_file(cls, path: str, **kw) -> "BertTokenizer":
        with open(path, encoding="utf-8") as f:
            vocab = [line.rstrip("\n") for line in f]
        return cls(vocab, **kw)

    def wordpiece(self, word: str) -> List[int]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        chars = word
        if len(chars) > MAX_INPUT_CHARS_PER_WORD:
            ids = [self.unk_id]
        else:
            ids = []
            start = 0
            while start < len(chars):
                end = len(chars)
                cur = None
                while start < end:
                    sub = chars[start:end]
                    if start > 0:
                        sub = "##" + sub
                    if sub in self.vocab:
                        cur = self.vocab[sub]
                        break
                    end -= 1
                if cur is None:
                    ids = [self.unk_id]
                    break
                ids.append(cur)
                start = end
        if len(self._cache) < 500_000:
            self._cache[word] = ids
        return ids

    def tokenize_ids(self, text: str) -> List[int]:
        """Token ids without [CLS]/[SEP] and without truncation."""
        ids: List[int] = []
        for part in split_special(text):
            if part in self.vocab and part in SPECIAL_TOKENS:
                ids.append(self.vocab[part])
                continue
            for w in basic_tokenize(part, self.lower_case, self.strip_accents):
                ids.extend(self.wordpiece(w))
        return ids

    def tokenize(self, text: str) -> List[str]:
        return [self.vocab_list[i] for i in self.tokenize_ids(text)]

    def encode(self, text: str, max_length: Optional[int] = 128) -> List[int]:
        ids = self.tokenize_ids(text)
        if max_length is not None:
            ids = ids[: max_length - 2]
        return [self.cls_id] + ids + [self.sep_id]
