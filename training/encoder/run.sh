#!/usr/bin/env bash
# Reproduce the shipped encoder (writes models/encoder/):   bash training/encoder/run.sh
# Only the second stage, from a stage-1 checkpoint:           ENCODER_INIT=DIR bash training/encoder/run.sh
#   (DIR holds checkpoint.pt and vocab.txt; models/encoder/README.md names the exact commands of the shipped one)
# CI smoke test (tiny model, a few steps, < 2 minutes):      bash training/encoder/run.sh --smoke [OUT_DIR]
# Needs Debian's python3-torch (+ libopenblas0-pthread, python3-onnx for onnx.checker). The checks against
# HuggingFace's tokenizer (transformers.js) and ONNX Runtime (onnxruntime-node) run when node and those npm
# packages are present (see README.md) and are skipped otherwise.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-/usr/bin/python3}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

if [[ "${1:-}" == "--smoke" ]]; then
  OUT="${2:-$(mktemp -d -t encoder-smoke.XXXXXX)}"
  WORK="$OUT/work"; MODEL="$OUT/model"; VOCAB_SIZE=3000; TRAIN_FLAGS=(--smoke); CARD_FLAGS=(--smoke); BENCH=()
else
  WORK="${ENCODER_WORK:-$(mktemp -d -t encoder-train.XXXXXX)}"
  MODEL="$REPO/models/encoder"; VOCAB_SIZE=12000; TRAIN_FLAGS=(); CARD_FLAGS=(); BENCH=(--bench)
fi
mkdir -p "$WORK" "$MODEL"
echo "work dir: $WORK; model dir: $MODEL"
start=$(date +%s)

# Stage 1: MLM pretraining, then domain and difficulty heads on the labelled questions as they are.
# Stage 2: the heads again with half the labelled questions put in conversational frames (frames.json), so that
# the frame a question comes in stops telling its domain.
if [[ -n "${ENCODER_INIT:-}" ]]; then
  STAGE1="$ENCODER_INIT"
else
  STAGE1="$WORK/stage1"; mkdir -p "$STAGE1"
  "$PY" "$HERE/build_vocab.py" --out "$STAGE1/vocab.txt" --vocab-size "$VOCAB_SIZE"
  "$PY" "$HERE/train.py" --vocab "$STAGE1/vocab.txt" --out "$STAGE1" "${TRAIN_FLAGS[@]}"
fi
cp "$STAGE1/vocab.txt" "$WORK/vocab.txt"
"$PY" "$HERE/train.py" --vocab "$WORK/vocab.txt" --out "$WORK" --init-checkpoint "$STAGE1/checkpoint.pt" --mlm-steps 0 \
  --frame-rate 0.5 "${TRAIN_FLAGS[@]}"
"$PY" "$HERE/export.py" --checkpoint "$WORK/checkpoint.pt" --vocab "$WORK/vocab.txt" --out "$MODEL"
# The character n-gram view of the domain head (needs python3-sklearn; the smoke run goes without it).
if [[ ${#BENCH[@]} -gt 0 ]]; then "$PY" "$HERE/text_view.py" --out "$MODEL"; fi
train_end=$(date +%s)

# independent checks (optional tools)
if command -v node >/dev/null 2>&1; then
  if "$PY" "$HERE/check_tokenizer.py" "$MODEL/vocab.txt" > "$WORK/tokenizer_check.txt" 2>&1; then
    tail -1 "$WORK/tokenizer_check.txt"
  else
    rc=$?; cat "$WORK/tokenizer_check.txt"
    if [[ $rc -eq 1 ]]; then echo "tokenizer differs from HuggingFace's" >&2; exit 1; fi
    echo "tokenizer check skipped (transformers.js not available)"; rm -f "$WORK/tokenizer_check.txt"
  fi
  if node "$HERE/check_onnx_ort.mjs" "$MODEL" "${BENCH[@]}" > "$WORK/ort_check.json" 2> "$WORK/ort_check.err"; then
    cat "$WORK/ort_check.json"
  else
    if grep -q '"ok":false' "$WORK/ort_check.json" 2>/dev/null; then cat "$WORK/ort_check.json"; echo "ONNX Runtime differs from PyTorch" >&2; exit 1; fi
    echo "ONNX Runtime check skipped (onnxruntime-node not available)"; rm -f "$WORK/ort_check.json"
  fi
fi

end=$(date +%s)
"$PY" "$HERE/make_card.py" --work "$WORK" --stage1 "$STAGE1" --model "$MODEL" --train-seconds $((train_end - start)) \
  --wall-seconds $((end - start)) "${CARD_FLAGS[@]}"
echo "done in $((end - start)) s"
