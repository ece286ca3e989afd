"""Write the model card (MODEL/README.md) from the numbers the run recorded, and copy the run's
metrics.json and train.log next to the model. Every figure in the card is read from these files.
usage: make_card.py --work WORK --stage1 DIR --model MODEL --train-seconds S --wall-seconds S [--smoke]"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import DOMAINS  # noqa: E402


def load(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def pct(x):
    return f"{100 * x:.1f}%"


def acc_row(name, rep):
    cells = []
    for d in DOMAINS:
        v = rep.get(d)
        cells.append(f"{pct(v['accuracy'])} ({v['correct']}/{v['n']})" if v else "–")
    a = rep["all"]
    return f"| {name} | " + " | ".join(cells) + f" | {pct(a['accuracy'])} ({a['correct']}/{a['n']}) |"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--stage1", required=True, help="the stage-1 run's folder (metrics.json, vocab.stats.json)")
    ap.add_argument("--model", required=True)
    ap.add_argument("--train-seconds", type=int, required=True)
    ap.add_argument("--wall-seconds", type=int, required=True)
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    W, M = args.work, args.model
    metrics = load(os.path.join(W, "metrics.json"))
    stage1 = load(os.path.join(args.stage1, "metrics.json"))
    vocab_stats = load(os.path.join(args.stage1, "vocab.stats.json"))
    export = load(os.path.join(W, "export.json"))
    ort = load(os.path.join(W, "ort_check.json"))
    config = load(os.path.join(M, "config.json"))
    tok_check = None
    if os.path.exists(os.path.join(W, "tokenizer_check.txt")):
        with open(os.path.join(W, "tokenizer_check.txt"), encoding="utf-8") as f:
            m = re.search(r"(\d+) texts, (\d+) differ", f.read())
            tok_check = (int(m.group(1)), int(m.group(2))) if m else None

    # copies of the run's records, without machine-specific paths
    a = metrics["args"]
    a["vocab"], a["out"] = "vocab.txt", "(work dir)"
    metrics["wall_seconds"] = {"vocab_train_export": args.train_seconds, "total_with_checks": args.wall_seconds}
    metrics["vocab"] = vocab_stats
    metrics["stage1"] = {k: stage1[k] for k in ("args", "data", "phase_a", "phase_b", "train_seconds") if k in stage1}
    metrics["stage1"]["args"] = {**stage1["args"], "vocab": "vocab.txt", "out": "(stage-1 dir)"}
    metrics["export"] = export
    if ort:
        metrics["onnxruntime_check"] = ort
    if tok_check:
        metrics["tokenizer_check"] = {"texts": tok_check[0], "differ": tok_check[1]}
    with open(os.path.join(M, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=1, ensure_ascii=False)
        f.write("\n")
    shutil.copyfile(os.path.join(W, "train.log"), os.path.join(M, "train.log"))

    c = metrics["config"]
    d = metrics["data"]
    # Stage 1 pretrained and fine-tuned; stage 2 (this work dir) fine-tuned again with frames, without MLM steps.
    pa, pb1, pb = stage1["phase_a"], stage1["phase_b"], metrics["phase_b"]
    ev_a, ev_b = pa["eval"], pb["eval"]
    mb = export["onnx_bytes"] / 1e6
    held = d["held_out_sources"]
    held_list = ", ".join(f"`{s}` ({d['held_out_rows_by_source'].get(s, 0)}, {dom})" for dom in DOMAINS for s in held[dom])
    train_src = ", ".join(f"`{s}` {n}" for s, n in d["training_rows_by_source"].items())

    L = []
    L.append("# SemanticRouter sentence encoder" + (" (SMOKE RUN: not a usable model)" if args.smoke else ""))
    L.append("")
    L.append(f"Version `{config['version']}`. A small BERT encoder trained by this project from scratch (no pretrained "
             "weights), used by the gateway to embed the user's question on every routed request; a routing head "
             "trained in C# predicts per-model answer quality from the embedding.")
    L.append("")
    L.append("| file | what |")
    L.append("|---|---|")
    L.append(f"| `model.onnx` | the encoder, ONNX opset 14 with ONNX Runtime's fused BERT operators (`fuse.py`), fp32, {mb:.2f} MB, sha256 `{export['model_sha256']}` |")
    L.append(f"| `vocab.txt` | WordPiece vocabulary, {metrics['vocab_size']} entries, one a line, id = line number from 0 |")
    L.append("| `config.json` | what a consumer needs: max_length, casing, pooling, output name, hidden size, file names, version |")
    L.append(f"| `reference.json` | {export['reference_items']} texts with their token ids (tokenizer.py) and PyTorch mean-pooled embeddings, for parity tests (tolerance 1e-4) |")
    L.append("| `metrics.json`, `train.log` | the training run's own records; every number below comes from them |")
    L.append("")
    L.append("## Use")
    L.append("")
    L.append("1. Tokenise like HuggingFace's `BertTokenizer(do_lower_case=True)` with `vocab.txt`: clean (drop control "
             "characters, U+0000, U+FFFD; whitespace to space), CJK ideographs as single tokens, lower-case, strip "
             "accents (NFD, drop Mn), split on whitespace and punctuation, greedy longest-match WordPiece (`##` "
             "continuations, `[UNK]` for a word without a full match or over 100 characters). Sequence = `[CLS]` + "
             f"the first {config['max_length'] - 2} word pieces + `[SEP]` (at most {config['max_length']} ids).")
    L.append("2. Run `model.onnx` with `input_ids`, `attention_mask` (1 on real tokens, 0 on padding) and "
             "`token_type_ids` (all 0), int64 `[batch, sequence]`; both axes are dynamic.")
    L.append(f"3. Embedding = mean of `{config['output_name']}` (`[batch, sequence, {config['hidden_size']}]`) over "
             "positions whose attention_mask is 1 (`[CLS]` and `[SEP]` included). Not normalised.")
    L.append("")
    L.append("Special-token strings written in the text (`[CLS]`, `[SEP]`, `[MASK]`, `[PAD]`, `[UNK]`, case-sensitive) "
             "are kept as one special token each, as HuggingFace's tokenizers do. Truncation keeps `[SEP]` as "
             "HuggingFace's Python and Rust tokenizers do (transformers.js 4.3.1 instead cuts after adding `[SEP]`, so "
             "its ids for texts longer than the limit end without `[SEP]`).")
    L.append("")
    L.append("## Architecture")
    L.append("")
    L.append("| | |")
    L.append("|---|---|")
    L.append(f"| type | BERT encoder, post-LayerNorm, GELU (erf), learned absolute positions, token-type embeddings |")
    L.append(f"| layers × hidden | {c['num_layers']} × {c['hidden_size']}, {c['num_heads']} heads, FFN {c['intermediate_size']} |")
    L.append(f"| max positions | {c['max_position']} |")
    L.append(f"| vocabulary | {metrics['vocab_size']} |")
    L.append(f"| parameters | {export['parameters']:,} (of which word embeddings {metrics['vocab_size'] * c['hidden_size']:,}) |")
    L.append(f"| file size | {export['onnx_bytes']:,} bytes |")
    L.append("")
    L.append("## Data")
    L.append("")
    n_corpus = sum(n for s_, n in d["training_rows_by_source"].items() if s_.startswith("corpus-"))
    L.append(f"Training text: the project's `datasets/train.json`, its style corpus `datasets/corpus/` (questions written "
             f"for this project in many ways of asking, shared by all domains: {n_corpus} of them used here) and the public "
             f"question sets in `../shared/datasets/public/*.jsonl` (see that folder's SOURCES.md), minus the whole sources "
             f"listed in `datasets/holdout.json`; sources are balanced by the square root of their size: "
             f"{d['training_rows']} questions — {train_src}.")
    L.append("")
    L.append(f"Held out (never seen by the vocabulary builder or the trainer; one or two whole sources per domain): "
             f"{held_list} — {d['held_out_rows']} questions.")
    L.append("")
    L.append(f"`datasets/verify.json` ({d['verify_rows']} questions) is the benchmark set: used for evaluation only, "
             "never for the vocabulary or training.")
    L.append("")
    L.append(f"MLM text: {d['mlm_sequences']} sequences, {d['mlm_tokens']:,} tokens (long texts in windows of "
             f"{c['max_position'] - 2} word pieces, at most {a['max_windows']} per text). `[UNK]` rate: "
             f"{d['unk_rate_train']:.3%} of training word pieces, {d['unk_rate_held_out']:.3%} on the held-out sources.")
    L.append("")
    L.append("## Vocabulary")
    L.append("")
    L.append(f"{vocab_stats['vocab_size']} entries built by `training/encoder/build_vocab.py` from the training text "
             f"only ({vocab_stats['word_tokens']:,} words, {vocab_stats['distinct_words']:,} distinct): 5 specials "
             f"(`[PAD]`=0, `[UNK]`=1, `[CLS]`=2, `[SEP]`=3, `[MASK]`=4), an alphabet of {vocab_stats['alphabet']} "
             f"characters (every character seen at least twice, plus printable ASCII) with {vocab_stats['continuation_chars']} "
             f"`##` continuation forms (CJK ideographs and punctuation are always tokens of their own, so they need none), "
             f"then {vocab_stats['merges']} frequency merges of adjacent pieces. Chinese is tokenised per character.")
    if tok_check:
        L.append("")
        L.append(f"Tokenizer check: `training/encoder/tokenizer.py` and HuggingFace's BertTokenizer (transformers.js "
                 f"4.3.1, built from this vocab) give identical ids on {tok_check[0]} texts (training, held-out and "
                 f"verify questions plus edge cases, untruncated); {tok_check[1]} differ.")
    L.append("")
    L.append("## Training")
    L.append("")
    L.append(f"Seed {a['seed']}, `torch.set_num_threads({a['threads']})`, deterministic algorithms, dropout {a['dropout']}.")
    L.append("")
    L.append("Two stages (`run.sh` runs both; `ENCODER_INIT=DIR` starts from a stage-1 folder):")
    L.append("")
    L.append(f"1. Masked-language-model pretraining: {pa['steps']} steps × {a['mlm_batch']} sequences "
             f"({pa['epochs']} passes over the MLM text), 15% of word pieces chosen (80% `[MASK]`, 10% random, 10% kept), "
             f"AdamW (lr {a['mlm_lr']}, 5% warm-up, linear decay, weight decay 0.01), {pa['seconds'] / 60:.1f} min.")
    L.append(f"2. Routing signals: {pb['steps']} steps, each a domain-balanced batch of {a['ft_batch']} labelled questions "
             f"(inside a domain, train.json and the public sources get equal shares; {a['ft_input_mask']:.0%} of word pieces "
             f"masked as augmentation) for a linear domain head (4 classes) and a linear difficulty head (3 classes; public "
             f"sources' rough labels weigh 0.25) on the mean-pooled embedding, plus {a['ft_mlm_weight']} × MLM loss on "
             f"{a['ft_mlm_batch']} sequences; AdamW lr {a['ft_lr']}; {pb1['steps']} steps, {pb1['seconds'] / 60:.1f} min.")
    L.append(f"3. Stage 2, from stage 1's weights: the same fine-tuning for {pb['steps']} more steps, with {a.get('frame_rate', 0):.0%} of "
             f"the labelled questions wrapped in a conversational frame (`frames.json`: greetings, backstory, requests for a "
             f"format, shared by every domain), so that the way a question is framed stops telling its domain; "
             f"{pb['seconds'] / 60:.1f} min. Only the encoder is exported.")
    L.append("")
    L.append(f"Wall time of `run.sh` on this machine (2 cores, shared with other work during the run): "
             f"{args.train_seconds / 60:.1f} min for vocabulary, training, evaluation and export; "
             f"{args.wall_seconds / 60:.1f} min with the tokenizer and ONNX Runtime checks.")
    L.append("")
    L.append("## Results")
    L.append("")
    L.append(f"MLM loss on the held-out sources (fixed masks, natural log): {pa['held_out_mlm_loss']:.3f} after pretraining, "
             f"{pb['held_out_mlm_loss']:.3f} after fine-tuning.")
    L.append("")
    L.append("Domain accuracy (correct/n). *Head*: the fine-tuning domain head (not shipped). *Centroid*: head-free — "
             "nearest (cosine) of the four mean embeddings of train.json's questions per domain, i.e. what the embedding "
             "alone separates.")
    L.append("")
    L.append("| set, classifier | " + " | ".join(DOMAINS) + " | all |")
    L.append("|---|" + "---|" * (len(DOMAINS) + 1))
    L.append(acc_row("held-out sources, head", ev_b["held_out"]["domain_head"]))
    L.append(acc_row("held-out sources, centroid", ev_b["held_out"]["nearest_centroid"]))
    L.append(acc_row("held-out sources, centroid after MLM only", ev_a["held_out"]["nearest_centroid"]))
    L.append(acc_row("verify.json, head", ev_b["verify"]["domain_head"]))
    L.append(acc_row("verify.json, centroid", ev_b["verify"]["nearest_centroid"]))
    L.append(acc_row("verify.json, centroid after MLM only", ev_a["verify"]["nearest_centroid"]))
    L.append(acc_row("held-out sources, head after stage 1", pb1["eval"]["held_out"]["domain_head"]))
    for name, rep_ in ev_b.items():
        if name not in ("held_out", "verify"):
            L.append(acc_row(f"{name} (private check set), head", rep_["domain_head"]))
            if name in pb1["eval"]:
                L.append(acc_row(f"{name} (private check set), head after stage 1", pb1["eval"][name]["domain_head"]))
    L.append("")
    L.append("Held-out sources one by one (head): " + ", ".join(
        f"`{s}` {pct(v['accuracy'])} ({v['correct']}/{v['n']})" for s, v in ev_b["held_out"]["domain_head_by_source"].items()) + ".")
    L.append("")
    L.append(f"Difficulty head (3 classes) accuracy on verify.json: {pct(ev_b['verify']['difficulty_head_accuracy'])} "
             f"(chance ≈ 33%).")
    if ort:
        L.append("")
        L.append("## ONNX Runtime")
        L.append("")
        L.append(f"onnxruntime-node (ONNX Runtime 1.30) on `reference.json`: largest absolute difference from the PyTorch "
                 f"embeddings {ort['max_abs_diff']:.2e} over {ort['items']} texts (tolerance 1e-4); a padded batch of all "
                 f"reference texts in PyTorch differs from the one-by-one embeddings by at most {export['padded_batch_max_abs_diff']:.2e}.")
        if "latency_ms" in ort:
            L.append("")
            L.append("Encoder latency, batch 1, 1 intra-op thread, graph optimisation `all`, 300 runs after 50 warm-up runs "
                     "(measured by `check_onnx_ort.mjs` during the run, while the machine was shared, so an upper bound): "
                     + ", ".join(f"{k.replace('_', ' ')}: p50 {v['p50']} ms, p99 {v['p99']} ms" for k, v in ort["latency_ms"].items()) + ".")
    L.append("")
    L.append("## Routing signals (`signals.json`)")
    L.append("")
    L.append("The fine-tuning heads (domain: math, code, medicine, writing; difficulty: 1-3) are exported by `export.py` as plain "
             "linear layers over the mean-pooled embedding. The gateway's encoder appends their softmax outputs to the "
             "embedding (`config.json` names the file), so the routing head, trained in C# on recorded scores, can weigh what "
             "the encoder learned from thousands of labelled public questions. No code maps these signals to models: that is "
             "learned per world. `reference.json` holds PyTorch's outputs of the heads too, and the C# parity test checks them.")
    L.append("")
    view = load(os.path.join(args.model, "text_view.json"))
    if view:
        L.append("## Domain text view (`text_view.json`, `text_view.bin`)")
        L.append("")
        L.append(f"A second view of the domain head that reads characters, not word pieces: hashed character 1-3-grams "
                 f"({view['buckets']} buckets, log term frequency x idf, unit length) and a multinomial logistic regression "
                 f"(scikit-learn, C=8, source-balanced), trained by `text_view.py` on {view['training_rows']} labelled rows "
                 f"(`data.py`'s training rows at the commit it ran at: held-out sources excluded). The gateway averages its probabilities with the domain head's before the pairs "
                 f"are formed (`Encoders/TextView.cs` computes the same features; `TextViewTests` checks it against the "
                 f"`reference` in `text_view.json`). Alone it is right on {pct(view['held_out_macro'])} of the held-out "
                 f"sources' questions (macro over sources). The two views err on different questions: characters read "
                 f"notation, script and vocabulary; the encoder reads word pieces in context.")
        L.append("")
    L.append("## Reproduce")
    L.append("")
    L.append("```sh")
    L.append("apt-get install -y python3-torch libopenblas0-pthread python3-onnx   # Debian bookworm: torch 1.13.1")
    L.append("bash training/encoder/run.sh   # also apt-get install -y python3-sklearn for text_view.py")
    L.append("```")
    L.append("")
    L.append("A private check set (`--extra-eval`, questions from public collections the project neither trains on nor "
             "commits: Chinese programming forum questions, CodeAlpaca instructions, SVAMP word problems, Chinese symptom "
             "encyclopaedia and MedQuAD questions, Chinese social-media and review writing requests) is reported when "
             "given; it only measures, never trains.")
    L.append("")
    L.append(f"Environment of this run: Python {platform.python_version()}, torch {metrics.get('torch', '?')} (Debian's python3-torch 1.13.1), onnx 1.12 (python3-onnx). "
             "The run is seeded, uses deterministic algorithms and fixed step counts: the smoke run (`run.sh --smoke`) "
             "gives a bit-identical model.onnx when repeated on this machine; the full run was not repeated. Other BLAS "
             "builds or thread counts can change the floating-point results. The version string carries "
             "the date of the export and the first 8 hex digits of model.onnx's sha256. Code and its description: "
             "`training/encoder/README.md`.")
    L.append("")
    L.append("## Limits")
    L.append("")
    L.append("- Trained on about ten thousand questions in four domains: the embedding knows these domains and little "
             "else; questions from other domains get an embedding near whichever domain they resemble.")
    L.append("- Characters never seen twice in the training text (rare CJK characters, most emoji, other scripts) "
             "become `[UNK]`.")
    L.append(f"- Only the first {config['max_length'] - 2} word pieces of a question are read.")
    L.append("")
    with open(os.path.join(M, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L))
    print(f"wrote {os.path.join(M, 'README.md')}")


if __name__ == "__main__":
    main()
