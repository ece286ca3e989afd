// Independent check of tokenizer.py: encode texts with the BertTokenizer of @huggingface/transformers
// (transformers.js) built from our vocab.txt, and print one JSON array of ids per line.
// usage: node check_tokenizer_hf.mjs VOCAB.txt TEXTS.jsonl [MAX_LENGTH]   (TEXTS.jsonl: one JSON string a line)
// The package is found through TRANSFORMERS_JS (path to the package's dist/transformers.node.mjs), default:
// ../tokenizer/node_modules/@huggingface/transformers (npm install @huggingface/transformers@4.3.1 --ignore-scripts).
import fs from "node:fs";
import path from "node:path";
import url from "node:url";

const here = path.dirname(url.fileURLToPath(import.meta.url));
const lib = process.env.TRANSFORMERS_JS ??
  path.join(here, "..", "tokenizer", "node_modules", "@huggingface", "transformers", "dist", "transformers.node.mjs");
const { BertTokenizer } = await import(url.pathToFileURL(lib).href);

const [vocabPath, textsPath, maxLenArg] = process.argv.slice(2);
const maxLength = Number(maxLenArg ?? 128);
const tokens = fs.readFileSync(vocabPath, "utf8").split("\n");
if (tokens[tokens.length - 1] === "") tokens.pop();
const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
const specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
const tokenizerJson = {
  version: "1.0", truncation: null, padding: null,
  added_tokens: specials.map((t) => ({ id: vocab[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: "BertPreTokenizer" },
  post_processor: {
    type: "TemplateProcessing",
    single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
    pair: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } },
           { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: "[SEP]", type_id: 1 } }],
    special_tokens: { "[CLS]": { id: "[CLS]", ids: [vocab["[CLS]"]], tokens: ["[CLS]"] }, "[SEP]": { id: "[SEP]", ids: [vocab["[SEP]"]], tokens: ["[SEP]"] } },
  },
  decoder: { type: "WordPiece", prefix: "##", cleanup: true },
  model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
};
const tokenizerConfig = {
  do_lower_case: true, tokenize_chinese_chars: true, strip_accents: null, model_max_length: maxLength,
  cls_token: "[CLS]", sep_token: "[SEP]", pad_token: "[PAD]", unk_token: "[UNK]", mask_token: "[MASK]",
};
const tok = new BertTokenizer(tokenizerJson, tokenizerConfig);
const out = [];
for (const line of fs.readFileSync(textsPath, "utf8").split("\n")) {
  if (!line) continue;
  const text = JSON.parse(line);
  const enc = tok(text, { truncation: true, max_length: maxLength });
  out.push(JSON.stringify(Array.from(enc.input_ids.data, Number)));
}
process.stdout.write(out.join("\n") + "\n");
