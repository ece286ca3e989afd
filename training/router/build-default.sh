#!/usr/bin/env bash
# Reproduces the shipped routing classifier, models/router/: the default world's train set is collected through
# the gateway in training mode (collect.sh), a head is trained on the shipped encoder's embeddings of it, and the
# new version is copied to models/router/.   Usage: bash training/router/build-default.sh [DATA_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:-$root/data/default-world}"
[[ -d "$data/flywheel" ]] || "$root/training/router/collect.sh" "$data"
rm -rf "$data/models"
"$root/semrouter" train --data-dir "$data" --promote always
version=$(sed -E 's/.*"version":"([^"]+)".*/\1/' "$data/models/champion.json")
rm -rf "$root/models/router" && mkdir -p "$root/models/router"
cp "$data/models/$version/classifier.json" "$data/models/$version/head.json" "$root/models/router/"
echo "models/router/ now holds $version"
