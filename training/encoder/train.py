"""Train the sentence encoder: masked-language-model pretraining, then fine-tuning for routing signals.

Phase A (MLM): 15% of word pieces chosen (80% [MASK], 10% random, 10% kept), AdamW, linear warm-up and decay,
    on every training text (datasets/train.json + public sets minus held-out sources; long texts in windows).
Phase B (routing signals): a linear domain head (math/code/medicine/writing) and a linear difficulty head
    (1-3) on the mean-pooled embedding, domain-balanced sampling, plus a share of MLM loss against collapse.
Evaluation: MLM loss on the held-out sources (fixed masks); domain accuracy per domain on the held-out sources
    and on datasets/verify.json (evaluation only), with the trained domain head and with a head-free
    nearest-centroid classifier whose centroids are the mean embeddings of train.json's questions per domain.
Only the encoder is exported (export.py); the heads are kept in the checkpoint for reference.

usage: /usr/bin/python3 training/encoder/train.py --vocab VOCAB --out DIR [--smoke]
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import os
import random
import sys
import time

# Threads that wait passively: on a shared 2-core machine, spinning OpenMP workers made 2-thread steps up to
# 5x slower than 1-thread steps whenever another process was busy. Must be set before torch loads libgomp.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import DOMAIN_INDEX, DOMAINS, HELD_OUT_SOURCES, is_project_source, load_held_out, load_training_rows, load_verify  # noqa: E402
from model import BertEncoder, EncoderConfig, MlmHead, encoder_param_count, mean_pool  # noqa: E402
from tokenizer import BertTokenizer  # noqa: E402

N_SPECIAL = 5  # [PAD] [UNK] [CLS] [SEP] [MASK]


def log(msg, f=None):
    line = f"[{time.strftime('%H:%M:%S')}] {msg}"
    print(line, flush=True)
    if f is not None:
        f.write(line + "\n")
        f.flush()


def seed_all(seed):
    random.seed(seed)
    torch.manual_seed(seed)


def windows(ids, max_length, max_windows):
    """[CLS] w [SEP] for consecutive windows of max_length-2 word pieces (at most max_windows)."""
    body = max_length - 2
    out = []
    for start in range(0, max(len(ids), 1), body):
        out.append(ids[start:start + body])
        if len(out) >= max_windows:
            break
    return out


def pad_batch(seqs, cls_id, sep_id):
    n = max(len(s) for s in seqs) + 2
    ids = torch.zeros(len(seqs), n, dtype=torch.long)
    mask = torch.zeros(len(seqs), n, dtype=torch.long)
    for i, s in enumerate(seqs):
        row = [cls_id] + list(s) + [sep_id]
        ids[i, :len(row)] = torch.tensor(row)
        mask[i, :len(row)] = 1
    return ids, mask


def mask_tokens(ids, mask, gen, vocab_size, mask_id, rate=0.15):
    """BERT masking of non-special positions; returns (inputs, positions [k,2], targets [k])."""
    special = ids < N_SPECIAL
    prob = torch.rand(ids.shape, generator=gen)
    chosen = (prob < rate) & (mask == 1) & ~special
    # at least one masked position per sequence that has a real token
    real = (mask == 1) & ~special
    none = (chosen.sum(1) == 0) & (real.sum(1) > 0)
    if none.any():
        r = torch.rand(ids.shape, generator=gen).masked_fill(~real, -1.0)
        first = r.argmax(1)
        rows = none.nonzero().squeeze(1)
        chosen[rows, first[rows]] = True
    inputs = ids.clone()
    action = torch.rand(ids.shape, generator=gen)
    rand_ids = torch.randint(N_SPECIAL, vocab_size, ids.shape, generator=gen)
    inputs[chosen & (action < 0.8)] = mask_id
    swap = chosen & (action >= 0.8) & (action < 0.9)
    inputs[swap] = rand_ids[swap]
    pos = chosen.nonzero()
    return inputs, pos, ids[chosen]


class LengthBatches:
    """Endless shuffled batches of similar length (deterministic from its generator)."""

    def __init__(self, seqs, batch_size, rng):
        self.seqs, self.bs, self.rng = seqs, batch_size, rng
        self.queue = []
        self.epochs = 0

    def _refill(self):
        idx = list(range(len(self.seqs)))
        self.rng.shuffle(idx)
        chunk = self.bs * 50
        batches = []
        for c in range(0, len(idx), chunk):
            part = sorted(idx[c:c + chunk], key=lambda i: len(self.seqs[i]))
            batches += [part[b:b + self.bs] for b in range(0, len(part), self.bs)]
        self.rng.shuffle(batches)
        self.queue = batches
        self.epochs += 1

    def next(self):
        if not self.queue:
            self._refill()
        return [self.seqs[i] for i in self.queue.pop()]


def lr_at(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    return peak * max(0.0, (total - step) / max(1, total - warmup))


@torch.no_grad()
def embed(encoder, seqs, tok, batch_size=128):
    encoder.eval()
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out = torch.zeros(len(seqs), encoder.config.hidden_size)
    for b in range(0, len(order), batch_size):
        idx = order[b:b + batch_size]
        ids, mask = pad_batch([seqs[i] for i in idx], tok.cls_id, tok.sep_id)
        h = encoder(ids, mask, torch.zeros_like(ids))
        out[idx] = mean_pool(h, mask)
    return out


@torch.no_grad()
def mlm_eval(encoder, head, seqs, tok, vocab_size, seed=1234, batch_size=128):
    """Mean MLM cross-entropy over a fixed set of masked positions."""
    encoder.eval()
    head.eval()
    gen = torch.Generator().manual_seed(seed)
    total, count = 0.0, 0
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    for b in range(0, len(order), batch_size):
        ids, mask = pad_batch([seqs[i] for i in order[b:b + batch_size]], tok.cls_id, tok.sep_id)
        inputs, pos, targets = mask_tokens(ids, mask, gen, vocab_size, tok.mask_id)
        h = encoder(inputs, mask, torch.zeros_like(inputs))
        logits = head(h[pos[:, 0], pos[:, 1]])
        total += F.cross_entropy(logits, targets, reduction="sum").item()
        count += len(targets)
    return total / max(count, 1)


class Frames:
    """Conversational frames (frames.json) around a tokenised question, chosen by its language."""

    def __init__(self, tok, rng):
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "frames.json"), encoding="utf-8") as f:
            spec = json.load(f)
        self.rng = rng
        self.ids = {lang: {part: [tok.tokenize_ids(t) for t in spec[lang][part]] for part in ("prefix", "suffix")} for lang in ("en", "zh")}

    def wrap(self, ids, lang, limit):
        parts = self.ids["zh" if lang == "zh" else "en"]
        pre = self.rng.choice(parts["prefix"]) if self.rng.random() < 0.7 else []
        suf = self.rng.choice(parts["suffix"]) if self.rng.random() < 0.7 else []
        room = max(1, limit - len(pre) - len(suf))
        return (pre + ids[:room] + suf)[:limit]


def load_labelled(path):
    with open(path, encoding="utf-8") as f:
        return [{"text": q["question"], "domain": q["domain"], "difficulty": int(q.get("difficulty") or 2), "source": q.get("source", path)}
                for q in map(json.loads, filter(str.strip, f))]


def accuracy_report(pred, rows):
    per = collections.defaultdict(lambda: [0, 0])
    for p, r in zip(pred, rows):
        per[r["domain"]][0] += int(DOMAINS[p] == r["domain"])
        per[r["domain"]][1] += 1
    rep = {d: {"correct": c, "n": n, "accuracy": round(c / n, 4)} for d, (c, n) in sorted(per.items())}
    c = sum(v[0] for v in per.values())
    n = sum(v[1] for v in per.values())
    rep["all"] = {"correct": c, "n": n, "accuracy": round(c / max(n, 1), 4)}
    return rep


def per_source(pred, rows):
    per = collections.defaultdict(lambda: [0, 0])
    for p, r in zip(pred, rows):
        per[r["source"]][0] += int(DOMAINS[p] == r["domain"])
        per[r["source"]][1] += 1
    return {s: {"correct": c, "n": n, "accuracy": round(c / n, 4)} for s, (c, n) in sorted(per.items())}


def evaluate(encoder, heads, tok, sets, centroid_rows, log_f):
    """Domain accuracy on each evaluation set, with the domain head (if any) and with nearest centroid."""
    enc_c = embed(encoder, [tok.encode(r["text"]) [1:-1] for r in centroid_rows], tok)
    cent = torch.stack([enc_c[[i for i, r in enumerate(centroid_rows) if r["domain"] == d]].mean(0) for d in DOMAINS])
    cent = F.normalize(cent, dim=-1)
    res = {}
    for name, rows in sets.items():
        e = embed(encoder, [tok.encode(r["text"])[1:-1] for r in rows], tok)
        out = {"nearest_centroid": accuracy_report((F.normalize(e, dim=-1) @ cent.T).argmax(1).tolist(), rows)}
        if heads is not None:
            heads.eval()
            with torch.no_grad():
                pd = heads["domain"](e).argmax(1).tolist()
                pdiff = heads["difficulty"](e).argmax(1).tolist()
            out["domain_head"] = accuracy_report(pd, rows)
            out["domain_head_by_source"] = per_source(pd, rows)
            out["difficulty_head_accuracy"] = round(sum(int(p + 1 == r["difficulty"]) for p, r in zip(pdiff, rows)) / len(rows), 4)
        res[name] = out
        msg = f"  {name}: centroid {out['nearest_centroid']['all']['accuracy']:.3f}"
        if heads is not None:
            msg += " head " + " ".join(f"{d}={out['domain_head'][d]['accuracy']:.3f}" for d in DOMAINS if d in out["domain_head"])
            msg += f" all={out['domain_head']['all']['accuracy']:.3f} difficulty={out['difficulty_head_accuracy']:.3f}"
        log(msg, log_f)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vocab", required=True)
    ap.add_argument("--out", required=True, help="directory for checkpoint.pt, metrics.json, train.log")
    ap.add_argument("--smoke", action="store_true", help="tiny model, a few steps, subsets (CI)")
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=512)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--mlm-steps", type=int, default=2500)
    ap.add_argument("--mlm-batch", type=int, default=64)
    ap.add_argument("--mlm-lr", type=float, default=1e-3)
    ap.add_argument("--ft-steps", type=int, default=800)
    ap.add_argument("--ft-batch", type=int, default=64)
    ap.add_argument("--ft-mlm-batch", type=int, default=32)
    ap.add_argument("--ft-mlm-weight", type=float, default=0.5)
    ap.add_argument("--ft-lr", type=float, default=3e-4)
    ap.add_argument("--dropout", type=float, default=0.0, help="0: this torch build's dropout RNG costs ~1/3 of a step")
    ap.add_argument("--ft-input-mask", type=float, default=0.1, help="fine-tuning: share of word pieces replaced by [MASK] (augmentation)")
    ap.add_argument("--max-windows", type=int, default=4, help="MLM windows taken from one long text")
    ap.add_argument("--log-every", type=int, default=250)
    ap.add_argument("--frame-rate", type=float, default=0.0, help="phase B: share of labelled questions put in a conversational frame from frames.json")
    ap.add_argument("--init-checkpoint", default=None, help="start from this checkpoint's weights (same vocabulary and shape)")
    ap.add_argument("--extra-eval", action="append", default=[], help="another labelled JSON-lines file to report domain accuracy on (evaluation only)")
    args = ap.parse_args()
    if args.smoke:
        args.hidden, args.layers, args.heads, args.ffn = 32, 1, 2, 64
        args.mlm_steps, args.ft_steps, args.log_every = min(args.mlm_steps, 40), 30, 10

    os.makedirs(args.out, exist_ok=True)
    log_f = open(os.path.join(args.out, "train.log"), "w", encoding="utf-8")
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    seed_all(args.seed)
    t_start = time.time()
    log(f"args: {json.dumps(vars(args))}", log_f)
    log(f"torch {torch.__version__}, threads {torch.get_num_threads()}", log_f)

    tok = BertTokenizer.from_file(args.vocab)
    V = len(tok.vocab_list)
    train_rows = load_training_rows()
    project_rows = [r for r in train_rows if is_project_source(r["source"])]
    held_rows = load_held_out()
    verify_rows = load_verify()  # evaluation only
    extra_sets = {os.path.splitext(os.path.basename(p))[0]: load_labelled(p) for p in args.extra_eval}
    if args.smoke:
        rng = random.Random(1)
        train_rows = rng.sample(train_rows, 600)
        held_rows = rng.sample(held_rows, 200)
        verify_rows = rng.sample(verify_rows, 100)
    src_count = collections.Counter(r["source"] for r in train_rows)
    log(f"training rows {len(train_rows)} ({dict(collections.Counter(r['domain'] for r in train_rows))}); "
        f"held-out rows {len(held_rows)} from {sorted(HELD_OUT_SOURCES.items())}; verify rows {len(verify_rows)}", log_f)

    # tokenise once
    body = args.max_length - 2
    full_ids = [tok.tokenize_ids(r["text"]) for r in train_rows]
    mlm_seqs = [w for ids in full_ids for w in windows(ids, args.max_length, args.max_windows) if len(w) > 0]
    cls_seqs = [ids[:body] for ids in full_ids]
    held_seqs = [tok.tokenize_ids(r["text"])[:body] for r in held_rows]
    n_tokens = sum(len(s) + 2 for s in mlm_seqs)
    unk = sum(s.count(tok.unk_id) for s in cls_seqs) / max(1, sum(len(s) for s in cls_seqs))
    held_unk = sum(s.count(tok.unk_id) for s in held_seqs) / max(1, sum(len(s) for s in held_seqs))
    log(f"vocab {V}; MLM sequences {len(mlm_seqs)} ({n_tokens} tokens); [UNK] rate train {unk:.4%}, held-out {held_unk:.4%}", log_f)

    cfg = EncoderConfig(vocab_size=V, hidden_size=args.hidden, num_layers=args.layers, num_heads=args.heads,
                        intermediate_size=args.ffn, max_position=args.max_length, dropout=args.dropout)
    encoder = BertEncoder(cfg)
    mlm_head = MlmHead(cfg, encoder.word)
    heads = nn.ModuleDict({"domain": nn.Linear(cfg.hidden_size, len(DOMAINS)), "difficulty": nn.Linear(cfg.hidden_size, 3)})
    log(f"encoder parameters {encoder_param_count(encoder)} ({cfg.to_dict()})", log_f)
    if args.init_checkpoint:
        ck = torch.load(args.init_checkpoint, map_location="cpu")
        encoder.load_state_dict(ck["encoder"])
        heads.load_state_dict(ck["heads"])
        mlm_head.load_state_dict({**mlm_head.state_dict(), **ck["mlm_head"]})
        log(f"initialised from {args.init_checkpoint}", log_f)
    frames = Frames(tok, random.Random(args.seed + 7)) if args.frame_rate > 0 else None

    def make_opt(params, lr):
        decay = [p for n, p in params if p.ndim >= 2]
        no_decay = [p for n, p in params if p.ndim < 2]
        return torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=lr, betas=(0.9, 0.98), eps=1e-6)

    metrics = {"torch": torch.__version__, "args": vars(args), "config": cfg.to_dict(), "vocab_size": V, "data": {
        "training_rows": len(train_rows), "training_rows_by_source": dict(sorted(src_count.items())),
        "held_out_sources": HELD_OUT_SOURCES, "held_out_rows": len(held_rows),
        "held_out_rows_by_source": dict(sorted(collections.Counter(r["source"] for r in held_rows).items())),
        "verify_rows": len(verify_rows), "mlm_sequences": len(mlm_seqs), "mlm_tokens": n_tokens,
        "unk_rate_train": round(unk, 6), "unk_rate_held_out": round(held_unk, 6)}}
    sets = {"held_out": held_rows, "verify": verify_rows, **extra_sets}
    gen = torch.Generator().manual_seed(args.seed)
    mlm_batches = LengthBatches(mlm_seqs, args.mlm_batch, random.Random(args.seed))

    def mlm_loss(batch_size=None):
        seqs = mlm_batches.next()
        ids, mask = pad_batch(seqs, tok.cls_id, tok.sep_id)
        inputs, pos, targets = mask_tokens(ids, mask, gen, V, tok.mask_id)
        h = encoder(inputs, mask, torch.zeros_like(inputs))
        return F.cross_entropy(mlm_head(h[pos[:, 0], pos[:, 1]]), targets)

    # ---------------- phase A: MLM ----------------
    params = list(encoder.named_parameters()) + [(n, p) for n, p in mlm_head.named_parameters() if not n.startswith("word.")]
    opt = make_opt(params, args.mlm_lr)
    warm = max(1, args.mlm_steps // 20)
    t0 = time.time()
    run = 0.0
    log(f"phase A: {args.mlm_steps} MLM steps, batch {args.mlm_batch}, lr {args.mlm_lr}", log_f)
    for step in range(args.mlm_steps):
        encoder.train()
        mlm_head.train()
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.mlm_steps, args.mlm_lr, warm)
        loss = mlm_loss()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(encoder.parameters(), 1.0)
        opt.step()
        run = loss.item() if step == 0 else 0.98 * run + 0.02 * loss.item()
        if (step + 1) % args.log_every == 0 or step + 1 == args.mlm_steps:
            el = time.time() - t0
            log(f"  mlm step {step + 1}/{args.mlm_steps} loss {run:.3f} lr {opt.param_groups[0]['lr']:.2e} "
                f"epoch {mlm_batches.epochs} {el:.0f}s ({el / (step + 1) * 1000:.0f} ms/step)", log_f)
    phase_a_s = time.time() - t0
    held_mlm_a = mlm_eval(encoder, mlm_head, held_seqs, tok, V)
    log(f"phase A done in {phase_a_s:.0f}s; held-out MLM loss {held_mlm_a:.4f} (ppl {math.exp(held_mlm_a):.1f})", log_f)
    metrics["phase_a"] = {"steps": args.mlm_steps, "seconds": round(phase_a_s, 1), "epochs": mlm_batches.epochs,
                          "final_train_loss_ema": round(run, 4), "held_out_mlm_loss": round(held_mlm_a, 4)}
    metrics["phase_a"]["eval"] = evaluate(encoder, None, tok, sets, project_rows if not args.smoke else train_rows, log_f)

    # ---------------- phase B: routing signals ----------------
    # domain-balanced sampling; inside a domain a source's share grows with the square root of its size, so many
    # small sources of different styles are not drowned by one large one
    src_n = collections.Counter(r["source"] for r in train_rows)
    dom_mass = collections.Counter()
    for s, n in src_n.items():
        dom_mass[next(r["domain"] for r in train_rows if r["source"] == s)] += math.sqrt(n)
    weights = torch.tensor([1.0 / (math.sqrt(src_n[r["source"]]) * dom_mass[r["domain"]]) for r in train_rows], dtype=torch.double)
    dom_y = torch.tensor([DOMAIN_INDEX[r["domain"]] for r in train_rows])
    diff_y = torch.tensor([r["difficulty"] - 1 for r in train_rows])
    diff_w = torch.tensor([1.0 if is_project_source(r["source"]) else 0.25 for r in train_rows])
    params = (list(encoder.named_parameters()) + [(n, p) for n, p in mlm_head.named_parameters() if not n.startswith("word.")]
              + list(heads.named_parameters()))
    opt = make_opt(params, args.ft_lr)
    warm = max(1, args.ft_steps // 20)
    t0 = time.time()
    run_c = run_m = 0.0
    log(f"phase B: {args.ft_steps} steps, labelled batch {args.ft_batch} + MLM batch {args.ft_mlm_batch} x {args.ft_mlm_weight}, lr {args.ft_lr}", log_f)
    mlm_batches.bs = args.ft_mlm_batch
    mlm_batches.queue = []
    for step in range(args.ft_steps):
        encoder.train()
        mlm_head.train()
        heads.train()
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.ft_steps, args.ft_lr, warm)
        idx = torch.multinomial(weights, args.ft_batch, replacement=True, generator=gen).tolist()
        seqs = [cls_seqs[i] for i in idx]
        if frames is not None:
            seqs = [frames.wrap(q, train_rows[i]["lang"], body) if frames.rng.random() < args.frame_rate else q for q, i in zip(seqs, idx)]
        ids, mask = pad_batch(seqs, tok.cls_id, tok.sep_id)
        if args.ft_input_mask > 0:
            hide = (torch.rand(ids.shape, generator=gen) < args.ft_input_mask) & (ids >= N_SPECIAL)
            ids = ids.masked_fill(hide, tok.mask_id)
        e = mean_pool(encoder(ids, mask, torch.zeros_like(ids)), mask)
        l_dom = F.cross_entropy(heads["domain"](e), dom_y[idx])
        l_diff = (F.cross_entropy(heads["difficulty"](e), diff_y[idx], reduction="none") * diff_w[idx]).sum() / diff_w[idx].sum()
        l_mlm = mlm_loss()
        loss = l_dom + 0.5 * l_diff + args.ft_mlm_weight * l_mlm
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(encoder.parameters()) + list(heads.parameters()), 1.0)
        opt.step()
        c = l_dom.item()
        run_c = c if step == 0 else 0.98 * run_c + 0.02 * c
        run_m = l_mlm.item() if step == 0 else 0.98 * run_m + 0.02 * l_mlm.item()
        if (step + 1) % args.log_every == 0 or step + 1 == args.ft_steps:
            el = time.time() - t0
            log(f"  ft step {step + 1}/{args.ft_steps} domain loss {run_c:.3f} mlm {run_m:.3f} "
                f"{el:.0f}s ({el / (step + 1) * 1000:.0f} ms/step)", log_f)
    phase_b_s = time.time() - t0
    held_mlm_b = mlm_eval(encoder, mlm_head, held_seqs, tok, V)
    log(f"phase B done in {phase_b_s:.0f}s; held-out MLM loss {held_mlm_b:.4f}", log_f)
    metrics["phase_b"] = {"steps": args.ft_steps, "seconds": round(phase_b_s, 1), "final_domain_loss_ema": round(run_c, 4),
                          "final_mlm_loss_ema": round(run_m, 4), "held_out_mlm_loss": round(held_mlm_b, 4)}
    metrics["phase_b"]["eval"] = evaluate(encoder, heads, tok, sets, project_rows if not args.smoke else train_rows, log_f)
    metrics["train_seconds"] = round(time.time() - t_start, 1)

    encoder.eval()
    torch.save({"config": cfg.to_dict(), "encoder": encoder.state_dict(), "heads": heads.state_dict(),
                "mlm_head": {k: v for k, v in mlm_head.state_dict().items() if not k.startswith("word.")},
                "vocab": os.path.abspath(args.vocab)}, os.path.join(args.out, "checkpoint.pt"))
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=1, ensure_ascii=False)
    log(f"saved {args.out}/checkpoint.pt and metrics.json; total {metrics['train_seconds']:.0f}s", log_f)


if __name__ == "__main__":
    main()
