// Golden tokenisation vectors for the C# BertTokenizer, made with the reference BertTokenizer of
// @huggingface/transformers (the version pinned in package.json):
//   npm install --ignore-scripts
//   node make-golden.mjs [--vocab PATH] [--out DIR] [--train PATH] [--max-length 128]
// Writes DIR/uncased.json (lower-case, accents stripped) and DIR/cased.json (neither). Each case holds the text,
// the words the reference's BasicTokenizer hands to WordPiece, the ids with [CLS] … [SEP], and the ids truncated to
// --max-length. Truncation is Hugging Face Python's: the word pieces are cut to max-length − 2 and [CLS] and [SEP]
// are kept (transformers.js itself cuts the finished sequence, dropping the final [SEP]; that is not what a BERT
// classifier is trained on).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';
import { parseArgs } from './args.mjs';
import { buildCases } from './cases.mjs';
import { createReference, readVocab } from './reference.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const golden = path.join(here, '../../tests/SemanticRouter.Routing.Tests/Tokenization/golden');
const args = parseArgs(process.argv.slice(2), {
  vocab: path.join(golden, 'vocab.txt'),
  out: golden,
  train: path.join(here, '../../datasets/train.json'),
  'max-length': '128',
});
const maxLength = Number(args['max-length']);

const pinned = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8')).dependencies['@huggingface/transformers'];
const installed = env.version;
if (installed !== pinned) throw new Error(`@huggingface/transformers ${installed} is installed, package.json pins ${pinned}`);

const vocab = readVocab(args.vocab);
const questions = JSON.parse(fs.readFileSync(args.train, 'utf8')).questions;
const cases = buildCases(questions);
fs.mkdirSync(args.out, { recursive: true });

for (const [file, lowercase] of [['uncased.json', true], ['cased.json', false]]) {
  const reference = createReference(vocab, { lowercase, stripAccents: null });
  const lines = cases.map(({ name, text }) => {
    const ids = reference.ids(text);
    const pieces = reference.pieceIds(text);
    const expected = [reference.clsId, ...pieces, reference.sepId];
    if (ids.join() !== expected.join()) throw new Error(`${name}: ids are not [CLS] pieces [SEP]`);
    const ids128 = ids.length <= maxLength ? ids : [reference.clsId, ...pieces.slice(0, maxLength - 2), reference.sepId];
    // Texts that are not well-formed UTF-16 (lone surrogates) go as code units: JSON readers reject them as strings.
    const body = text.isWellFormed() ? { text } : { utf16: [...Array(text.length).keys()].map((i) => text.charCodeAt(i)) };
    return JSON.stringify({ name, ...body, words: reference.words(text), ids, ids128 });
  });
  const header = {
    reference: `@huggingface/transformers@${installed} BertTokenizer`,
    vocab: path.relative(args.out, args.vocab),
    vocabSha256: crypto.createHash('sha256').update(fs.readFileSync(args.vocab)).digest('hex'),
    lowercase,
    stripAccents: null,
    maxLength,
  };
  const json = `${JSON.stringify(header).slice(0, -1)},\n"cases": [\n${lines.join(',\n')}\n]}\n`;
  fs.writeFileSync(path.join(args.out, file), json);
  console.log(`${path.join(args.out, file)}: ${cases.length} cases`);
}
