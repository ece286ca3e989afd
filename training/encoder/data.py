"""The text the encoder learns from, and the sets it is evaluated on.

Training text: the project's own question sets (datasets/train.json and the style corpus datasets/corpus/*.jsonl)
plus the public question sets in ../shared/datasets/public/*.jsonl when they are there, minus the whole sources
named in datasets/holdout.json (never rows). datasets/verify.json is the benchmark set: it is read only by
evaluation code (load_verify), never for the vocabulary or for training.

A source is a public set's `source` tag, `train.json`, or `corpus-<domain>-<style>-<lang>` for the corpus.
"""
from __future__ import annotations

import glob
import json
import os
from typing import Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
TRAIN_JSON = os.path.join(REPO, "datasets", "train.json")
VERIFY_JSON = os.path.join(REPO, "datasets", "verify.json")
CORPUS_DIR = os.path.join(REPO, "datasets", "corpus")
HOLDOUT_JSON = os.environ.get("SEMROUTER_HOLDOUT", os.path.join(REPO, "datasets", "holdout.json"))
PUBLIC_DIR = os.environ.get("SEMROUTER_PUBLIC_DATASETS", os.path.abspath(os.path.join(REPO, "..", "shared", "datasets", "public")))

DOMAINS = ["math", "code", "medicine", "writing"]
DOMAIN_INDEX = {d: i for i, d in enumerate(DOMAINS)}

with open(HOLDOUT_JSON, encoding="utf-8") as _f:
    HELD_OUT_SOURCES: Dict[str, List[str]] = json.load(_f)["sources"]
HELD_OUT = {s for v in HELD_OUT_SOURCES.values() for s in v}

# Sources whose difficulty is a per-question judgement (the project's own); the public sets' difficulty is a rough
# per-source guess (see their SOURCES.md) and weighs less in training.
PROJECT_PREFIXES = ("train.json", "corpus-")


def is_project_source(source: str) -> bool:
    return source.startswith(PROJECT_PREFIXES)


def _row(q: Dict, source: str) -> Dict:
    d = int(q.get("difficulty") or 2)
    return {"id": q.get("id", ""), "text": q["question"], "domain": q["domain"], "difficulty": min(max(d, 1), 3),
            "lang": q.get("lang", ""), "source": source}


def corpus_source(q: Dict) -> str:
    return f"corpus-{q['domain']}-{q['style']}-{q['lang']}"


def load_train_json() -> List[Dict]:
    with open(TRAIN_JSON, encoding="utf-8") as f:
        return [_row(q, "train.json") for q in json.load(f)["questions"]]


def load_corpus() -> List[Dict]:
    rows = []
    for path in sorted(glob.glob(os.path.join(CORPUS_DIR, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            rows += [_row(q, corpus_source(q)) for q in map(json.loads, filter(str.strip, f))]
    return rows


def load_public_all() -> List[Dict]:
    """Every public row, or none when ../shared/datasets/public is not beside the repository."""
    rows = []
    for dom in DOMAINS:
        path = os.path.join(PUBLIC_DIR, f"{dom}.jsonl")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            rows += [_row(q, q["source"]) for q in map(json.loads, filter(str.strip, f))]
    return rows


def load_all() -> List[Dict]:
    return load_train_json() + load_corpus() + load_public_all()


def load_public(held_out: bool) -> List[Dict]:
    """Public rows; held_out=False gives the training part, True the held-out sources only."""
    return [r for r in load_public_all() if (r["source"] in HELD_OUT) == held_out]


def load_training_rows() -> List[Dict]:
    return [r for r in load_all() if r["source"] not in HELD_OUT]


def load_held_out() -> List[Dict]:
    return [r for r in load_all() if r["source"] in HELD_OUT]


def load_verify() -> List[Dict]:
    """Benchmark set: EVALUATION ONLY."""
    with open(VERIFY_JSON, encoding="utf-8") as f:
        return [_row(q, "verify.json") for q in json.load(f)["questions"]]
