"""The text the encoder learns from, and the sets it is evaluated on.

Training text: the project's own datasets/train.json plus the public question sets in
../shared/datasets/public/*.jsonl, minus the held-out sources below (whole source tags, never rows).
datasets/verify.json is the benchmark set: it is read only by evaluation code (load_verify), never for
the vocabulary or for training.
"""
from __future__ import annotations

import json
import os
from typing import Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
TRAIN_JSON = os.path.join(REPO, "datasets", "train.json")
VERIFY_JSON = os.path.join(REPO, "datasets", "verify.json")
PUBLIC_DIR = os.environ.get("SEMROUTER_PUBLIC_DATASETS", os.path.abspath(os.path.join(REPO, "..", "shared", "datasets", "public")))

DOMAINS = ["math", "code", "medicine", "writing"]
DOMAIN_INDEX = {d: i for i, d in enumerate(DOMAINS)}

# One (or two) whole sources per domain, never seen by the vocabulary builder or the trainer.
HELD_OUT_SOURCES = {
    "math": ["cmath"],                                        # zh, grade-school word problems
    "code": ["mbppplus"],                                     # en, "Write a python function ..."
    "medicine": ["pubmedqa"],                                 # en, research questions from PubMed titles
    "writing": ["belle_eval_generation", "eqbench_creative"],  # zh generation tasks, en creative prompts
}
HELD_OUT = {s for v in HELD_OUT_SOURCES.values() for s in v}


def _row(q: Dict, source: str) -> Dict:
    d = int(q.get("difficulty") or 2)
    return {"id": q["id"], "text": q["question"], "domain": q["domain"], "difficulty": min(max(d, 1), 3),
            "lang": q.get("lang", ""), "source": source}


def load_train_json() -> List[Dict]:
    with open(TRAIN_JSON, encoding="utf-8") as f:
        return [_row(q, "train.json") for q in json.load(f)["questions"]]


def load_public(held_out: bool) -> List[Dict]:
    """Public rows; held_out=False gives the training part, True the held-out sources only."""
    rows = []
    for dom in DOMAINS:
        path = os.path.join(PUBLIC_DIR, f"{dom}.jsonl")
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                q = json.loads(line)
                if (q["source"] in HELD_OUT) == held_out:
                    rows.append(_row(q, q["source"]))
    return rows


def load_training_rows() -> List[Dict]:
    return load_train_json() + load_public(held_out=False)


def load_verify() -> List[Dict]:
    """Benchmark set: EVALUATION ONLY."""
    with open(VERIFY_JSON, encoding="utf-8") as f:
        return [_row(q, "verify.json") for q in json.load(f)["questions"]]
