#!/usr/bin/env python3
"""Writes the mock's world files (default.json, permuted.json) from the tables below.

A world is what the mock LLM service knows and the router must learn: for each model its latency and
price, and its expected evaluate score by question domain x difficulty (1..3). The mock adds deterministic
noise per (question, model). Run: python3 datasets/worlds/generate.py
"""
import json
from pathlib import Path

DOMAINS = ["math", "code", "medicine", "writing"]
SIZES = {  # median latency (ms), price per 1k tokens (USD)
    "32b": (300, 0.008), "7b": (140, 0.002), "3b": (70, 0.0006),
}

def specialist_tables(strong):
    """strong[size] = scores in the specialist's own domain; other domains are weaker and degrade with size."""
    return strong

def world(name, description, seed, general, general_latency, own, off, family_of_domain):
    """own[size] = [d1,d2,d3] in the family's strong domain; off[size] = [d1,d2,d3] elsewhere.
    family_of_domain maps each question domain to the specialist family that is strong at it."""
    models = [{
        "id": "qwen-max", "family": "general", "size": "max",
        "latency_ms": {"median": general_latency, "sigma": 0.25},
        "price_per_1k_tokens": 0.02,
        "scores": general,
    }]
    for family in ["math", "code", "medicine", "writing"]:
        for size, (latency, price) in SIZES.items():
            scores = {}
            for domain in DOMAINS:
                strong_here = family_of_domain[domain] == family
                table = own[domain][size] if strong_here else off[size]
                scores[domain] = table
            models.append({
                "id": f"qwen-{family}-{size}", "family": family, "size": size,
                "latency_ms": {"median": latency, "sigma": 0.25},
                "price_per_1k_tokens": price,
                "scores": scores,
            })
    return {
        "name": name, "description": description, "seed": seed, "noise_sd": 0.06,
        "difficulty_latency_factor": [0.8, 1.0, 1.25], "ttft_fraction": 0.3,
        "models": models,
    }

# Default: close to the challenge. Specialists win in their own domain, bigger is slower and usually better,
# qwen-max ~500 ms. In writing, the small specialist is best for easy requests and qwen-max for hard ones.
default = world(
    "default",
    "Close to the Higress challenge: each specialist family is strongest in its own domain; "
    "in writing, qwen-max is the best choice for hard requests.",
    "default-v1",
    general={"math": [0.80, 0.70, 0.58], "code": [0.82, 0.72, 0.60],
             "medicine": [0.84, 0.76, 0.66], "writing": [0.88, 0.84, 0.80]},
    general_latency=500,
    own={
        "math":     {"32b": [0.95, 0.91, 0.86], "7b": [0.93, 0.84, 0.68], "3b": [0.90, 0.72, 0.52]},
        "code":     {"32b": [0.95, 0.90, 0.85], "7b": [0.92, 0.82, 0.66], "3b": [0.88, 0.70, 0.50]},
        "medicine": {"32b": [0.94, 0.89, 0.84], "7b": [0.88, 0.80, 0.66], "3b": [0.78, 0.64, 0.50]},
        "writing":  {"32b": [0.86, 0.81, 0.72], "7b": [0.89, 0.76, 0.62], "3b": [0.82, 0.66, 0.50]},
    },
    off={"32b": [0.52, 0.44, 0.36], "7b": [0.46, 0.37, 0.29], "3b": [0.40, 0.31, 0.23]},
    family_of_domain={"math": "math", "code": "code", "medicine": "medicine", "writing": "writing"},
)

# Permuted: the same model names, but which family is good at what is rotated, small models are relatively
# stronger, and qwen-max is slower. A router that learned the default world's mapping routes badly here.
permuted = world(
    "permuted",
    "Family names no longer say what a model is good at: math questions are best answered by the code "
    "family, code by medicine, medicine by writing, writing by math; qwen-max is slower (700 ms).",
    "permuted-v1",
    general={"math": [0.78, 0.70, 0.62], "code": [0.80, 0.71, 0.61],
             "medicine": [0.82, 0.74, 0.64], "writing": [0.84, 0.78, 0.70]},
    general_latency=700,
    own={
        "math":     {"32b": [0.94, 0.90, 0.85], "7b": [0.93, 0.87, 0.76], "3b": [0.91, 0.80, 0.62]},
        "code":     {"32b": [0.95, 0.91, 0.86], "7b": [0.90, 0.80, 0.70], "3b": [0.88, 0.74, 0.55]},
        "medicine": {"32b": [0.93, 0.88, 0.83], "7b": [0.91, 0.85, 0.74], "3b": [0.86, 0.75, 0.58]},
        "writing":  {"32b": [0.92, 0.86, 0.80], "7b": [0.90, 0.82, 0.70], "3b": [0.87, 0.75, 0.60]},
    },
    off={"32b": [0.50, 0.42, 0.34], "7b": [0.45, 0.36, 0.28], "3b": [0.40, 0.32, 0.24]},
    family_of_domain={"math": "code", "code": "medicine", "medicine": "writing", "writing": "math"},
)

here = Path(__file__).parent
for w in (default, permuted):
    (here / f"{w['name']}.json").write_text(json.dumps(w, indent=2) + "\n", encoding="utf-8")
