#!/usr/bin/env bash
# Collects a world's train set through the gateway in training mode (every model answers every question, all
# scored by the mock's /v1/evaluate and recorded), with the world's latency on, into a data directory.
# Usage: training/router/collect.sh DATA_DIR [WORLD_FILE]   (default world: the embedded default.json)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:?usage: collect.sh DATA_DIR [WORLD_FILE]}"
world=()
[[ $# -ge 2 ]] && world=(--world "$2")
mock_port=19100 gateway_port=18100
mkdir -p "$(dirname "$data")"
"$root/semrouter" --help >/dev/null # build once, before two commands start at the same time

"$root/semrouter" mock --urls "http://127.0.0.1:$mock_port" --split train "${world[@]}" > "$data.mock.log" 2>&1 &
mock=$!
SEMROUTER__Routing__Enabled=false "$root/semrouter" serve --urls "http://127.0.0.1:$gateway_port" \
  --upstream "http://127.0.0.1:$mock_port" --data-dir "$data" > "$data.serve.log" 2>&1 &
gateway=$!
trap 'kill $mock $gateway 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$gateway_port/healthz" >/dev/null && curl -sf "http://127.0.0.1:$mock_port/questions" >/dev/null && break; sleep 0.5; done

"$root/semrouter" collect --gateway "http://127.0.0.1:$gateway_port" \
  --questions "http://127.0.0.1:$mock_port/questions" --concurrency 8
kill -TERM $gateway && wait $gateway || true   # a graceful stop flushes every row to Parquet
