"""Export the trained encoder to ONNX and write config.json and reference.json next to it.

usage: /usr/bin/python3 training/encoder/export.py --checkpoint CKPT --vocab VOCAB --out DIR
Writes DIR/model.onnx (opset 14 and ONNX Runtime's fused BERT operators, see fuse.py; inputs input_ids,
attention_mask, token_type_ids, int64 [batch, sequence]; output last_hidden_state float32 [batch, sequence,
hidden]), DIR/vocab.txt, DIR/config.json and
DIR/reference.json (token ids from tokenizer.py and PyTorch mean-pooled embeddings, for parity tests), and
DIR/signals.json: the fine-tuning heads (domain, difficulty) as plain linear layers over the mean-pooled
embedding. The gateway appends their softmax outputs to the embedding: routing signals the encoder learned from
thousands of labelled public questions, which the routing head (trained on recorded scores) can weigh.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import BertEncoder, EncoderConfig, encoder_param_count, export_onnx, mean_pool  # noqa: E402
from tokenizer import BertTokenizer  # noqa: E402

LONG_EN = ("A 62-year-old man with a history of type 2 diabetes, hypertension and chronic kidney disease presents "
           "with three days of worsening shortness of breath, orthopnea, bilateral leg swelling and a weight gain "
           "of four kilograms. His medications include metformin, lisinopril, amlodipine and a thiazide diuretic. "
           "On examination his blood pressure is 168/94 mmHg, heart rate 104 per minute, oxygen saturation 89% on "
           "room air, jugular venous pressure is raised, and there are bibasal crackles. Laboratory tests show a "
           "creatinine of 2.4 mg/dL, potassium 5.6 mmol/L and a BNP of 1,850 pg/mL. Which of his medications should "
           "be stopped first, what is the most appropriate initial management, and how would you monitor his renal "
           "function and electrolytes over the next 48 hours?")
LONG_ZH = ("请撰写一份约三千字的行业分析报告，主题为新能源汽车电池回收产业的发展现状与未来趋势。报告需要包括以下部分："
           "第一，政策环境分析，梳理近五年国家和地方出台的相关政策；第二，市场规模测算，给出二零二五年至二零三零年的预测数据，"
           "并说明测算方法；第三，产业链结构，分析上游材料、中游回收处理和下游再利用各环节的主要企业及其商业模式；"
           "第四，技术路线对比，比较湿法冶金、火法冶金和物理修复三种工艺的成本、回收率与环境影响；第五，风险与建议。"
           "语言要求严谨专业，适合提交给投资委员会审阅。")
LONG_CODE = ("Refactor the following Python function so that it runs in O(n log n) instead of O(n^2), keep the same "
             "behaviour, and add type hints and a docstring:\n\n"
             "def count_pairs(nums, target):\n    count = 0\n    for i in range(len(nums)):\n"
             "        for j in range(i + 1, len(nums)):\n            if nums[i] + nums[j] <= target:\n"
             "                count += 1\n    return count\n\n"
             "Also write pytest unit tests covering empty input, duplicates, negative numbers and a large random case.")

REFERENCE_TEXTS = [
    "求微分方程 dy/dx = x^2 + 1 的通解",
    "Solve log₃(x + 1) + log₃(x − 1) = 1.",
    "What is the derivative of sin(x) * e^x?",
    "一个长方形的长是12厘米，宽是长的一半，它的面积是多少平方厘米？",
    "写一个正则，从一段HTML里提取所有img标签的src属性，单引号双引号都要支持",
    "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n# why is this so slow for n = 40?",
    "How do I reverse a singly linked list in C++ without recursion?",
    "SELECT name, COUNT(*) FROM users GROUP BY name HAVING COUNT(*) > 1;",
    "最近总是头痛，晚上睡不好，需要去医院做哪些检查？",
    "What are the common side effects of metformin in elderly patients?",
    "帮我写一封给客户的道歉信，因为发货延迟了一周。",
    "Write a haiku about autumn rain in Kyoto.",
    "用Python写一个quick sort，并解释它的time complexity和space complexity",
    "Café résumé naïve — Ångström über façade, ÉCOLE Française",
    "Hello 😀!! ¿Qué tal? ¡Bien! “quotes” and ‘single’ …",
    "tab\there\nnew line\r\n  multiple   spaces\u00a0and\u3000ideographic space",
    "日本語の文章と한국어 텍스트가 섞여 있습니다",
    "１２３ + 456 = ? 计算一下 3.14159 × 2 的结果",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3 + " is a very long word",
    "",
    LONG_EN,
    LONG_ZH,
    LONG_CODE,
]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--vocab", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--opset", type=int, default=14)
    args = ap.parse_args()
    torch.set_num_threads(2)
    os.makedirs(args.out, exist_ok=True)

    ck = torch.load(args.checkpoint, map_location="cpu")
    cfg = EncoderConfig(**ck["config"])
    model = BertEncoder(cfg)
    model.load_state_dict(ck["encoder"])
    model.eval()

    onnx_path = os.path.join(args.out, "model.onnx")
    export_onnx(model, onnx_path, opset=args.opset)
    checked = False
    try:
        import onnx
        from fuse import fuse
        m = onnx.load(onnx_path)
        onnx.checker.check_model(m, full_check=True)
        names_in = [i.name for i in m.graph.input]
        names_out = [o.name for o in m.graph.output]
        assert names_in == ["input_ids", "attention_mask", "token_type_ids"], names_in
        assert names_out == ["last_hidden_state"], names_out
        checked = True
        print(f"onnx.checker: ok (onnx {onnx.__version__}, opset {m.opset_import[0].version})")
        # The same function as ONNX Runtime's fused BERT operators, which it runs faster (see fuse.py); the version
        # and the reference below are of the file consumers load.
        fused = fuse(m, cfg.num_heads, cfg.layer_norm_eps)
        onnx.save(fused, onnx_path)
        print(f"fused: {len(m.graph.node)} -> {len(fused.graph.node)} nodes")
    except ImportError:
        print("python3-onnx not installed: onnx.checker and fusion skipped")
    if os.path.abspath(args.vocab) != os.path.abspath(os.path.join(args.out, "vocab.txt")):
        shutil.copyfile(args.vocab, os.path.join(args.out, "vocab.txt"))

    digest = sha256(onnx_path)
    version = f"encoder-{datetime.date.today():%Y%m%d}-{digest[:8]}"
    config = {"max_length": args.max_length, "lower_case": True, "strip_accents": True, "pooling": "mean",
              "output_name": "last_hidden_state", "hidden_size": cfg.hidden_size, "vocab": "vocab.txt",
              "model": "model.onnx", "version": version}
    heads = {}
    if "heads" in ck:
        labels = {"domain": ["math", "code", "medicine", "writing"], "difficulty": ["1", "2", "3"]}
        signals = []
        for name, state in sorted(ck["heads"].items()) if isinstance(ck["heads"], dict) else []:
            if not name.endswith(".weight"):
                continue
            head = name[: -len(".weight")]
            weight, bias = state, ck["heads"][head + ".bias"]
            heads[head] = (weight, bias)
            signals.append({"name": head, "labels": labels.get(head, [str(i) for i in range(weight.shape[0])]),
                            "weight": [[float(v) for v in row] for row in weight.tolist()],
                            "bias": [float(v) for v in bias.tolist()]})
        with open(os.path.join(args.out, "signals.json"), "w", encoding="utf-8") as f:
            json.dump({"input": "mean-pooled last_hidden_state (before any normalisation)", "activation": "softmax",
                       "heads": signals}, f)
            f.write("\n")
        config["signals"] = "signals.json"
    with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")

    tok = BertTokenizer.from_file(os.path.join(args.out, "vocab.txt"))
    items = []
    for text in REFERENCE_TEXTS:
        ids = tok.encode(text, args.max_length)
        x = torch.tensor([ids], dtype=torch.long)
        mask = torch.ones_like(x)
        with torch.no_grad():
            h = model(x, mask, torch.zeros_like(x))
            emb = mean_pool(h, mask)[0]
        item = {"text": text, "tokens": [tok.vocab_list[i] for i in ids], "input_ids": ids,
                "untruncated_length": len(tok.tokenize_ids(text)) + 2,
                "embedding": [float(v) for v in emb.tolist()]}
        if heads:
            item["signals"] = {name: [float(v) for v in torch.softmax(emb @ w.T + b, dim=0).tolist()]
                               for name, (w, b) in sorted(heads.items())}
        items.append(item)
    # a padded batch of two: padding positions must not change the embedding of the shorter text
    ref = {"version": version, "model_sha256": digest, "max_length": args.max_length, "hidden_size": cfg.hidden_size,
           "pooling": "mean of last_hidden_state over attention_mask (here every position: batch of one, no padding)",
           "token_type_ids": "all 0", "tolerance": 1e-4, "items": items}
    with open(os.path.join(args.out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(ref, f, ensure_ascii=False, indent=1)
        f.write("\n")

    # padding check in PyTorch: embeddings of a padded batch equal the batch-of-one embeddings
    seqs = [it["input_ids"] for it in items]
    n = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), n, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
    with torch.no_grad():
        batch = mean_pool(model(ids, mask, torch.zeros_like(ids)), mask)
    worst = max(float((batch[i] - torch.tensor(it["embedding"])).abs().max()) for i, it in enumerate(items))
    size = os.path.getsize(onnx_path)
    info = {"version": version, "model_sha256": digest, "onnx_bytes": size, "onnx_checker": checked,
            "parameters": encoder_param_count(model), "reference_items": len(items),
            "padded_batch_max_abs_diff": worst}
    with open(os.path.join(os.path.dirname(os.path.abspath(args.checkpoint)), "export.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info))
    assert worst < 1e-4, worst
    assert size <= 25 * 1024 * 1024, size


if __name__ == "__main__":
    main()
