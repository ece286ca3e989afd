"""Parses Prometheus text from stdin with the reference parser (Debian's python3-prometheus-client) and prints
the families as JSON: [{"name", "type", "samples": [{"name", "labels", "value"}]}]. Exit 1 on a parse error."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families

families = []
for family in text_string_to_metric_families(sys.stdin.read()):
    families.append({
        "name": family.name,
        "type": family.type,
        "samples": [{"name": s.name, "labels": s.labels, "value": s.value if math.isfinite(s.value) else str(s.value)}
                    for s in family.samples],
    })
json.dump(families, sys.stdout)
