// Check model.onnx with ONNX Runtime (onnxruntime-node) against reference.json (PyTorch embeddings),
// and time batch-1 inference with 1 intra-op thread.
// usage: node check_onnx_ort.mjs MODEL_DIR [--bench]
// onnxruntime-node is found through ORT_NODE (path to the package's dist/index.js), default:
// ../tokenizer/node_modules/onnxruntime-node (a dependency of @huggingface/transformers@4.3.1).
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(url.fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const ortPath = process.env.ORT_NODE ?? path.join(here, "..", "tokenizer", "node_modules", "onnxruntime-node");
const ort = require(ortPath);

const dir = process.argv[2];
const bench = process.argv.includes("--bench");
const cfg = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
const ref = JSON.parse(fs.readFileSync(path.join(dir, "reference.json"), "utf8"));
const session = await ort.InferenceSession.create(path.join(dir, cfg.model), {
  intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all", executionMode: "sequential",
});

function feeds(ids) {
  const n = ids.length;
  const big = (a) => BigInt64Array.from(a, (x) => BigInt(x));
  return {
    input_ids: new ort.Tensor("int64", big(ids), [1, n]),
    attention_mask: new ort.Tensor("int64", big(ids.map(() => 1)), [1, n]),
    token_type_ids: new ort.Tensor("int64", big(ids.map(() => 0)), [1, n]),
  };
}

async function embed(ids) {
  const out = await session.run(feeds(ids));
  const h = out[cfg.output_name];
  const [, n, d] = h.dims;
  const e = new Float64Array(d);
  for (let t = 0; t < n; t++) for (let j = 0; j < d; j++) e[j] += h.data[t * d + j];
  return Array.from(e, (x) => x / n);
}

let worst = 0;
for (const item of ref.items) {
  const e = await embed(item.input_ids);
  const diff = Math.max(...e.map((x, j) => Math.abs(x - item.embedding[j])));
  worst = Math.max(worst, diff);
}
const result = { items: ref.items.length, max_abs_diff: worst, ok: worst <= 1e-4 };

if (bench) {
  result.latency_ms = {};
  for (const n of [16, 64, 128]) {
    const ids = Array.from({ length: n }, (_, i) => (i === 0 ? 2 : i === n - 1 ? 3 : 100 + ((i * 37) % 5000)));
    const f = feeds(ids);
    for (let i = 0; i < 50; i++) await session.run(f);
    const times = [];
    for (let i = 0; i < 300; i++) {
      const t0 = process.hrtime.bigint();
      await session.run(f);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    result.latency_ms[`${n}_tokens`] = { p50: +times[150].toFixed(3), p99: +times[296].toFixed(3) };
  }
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
