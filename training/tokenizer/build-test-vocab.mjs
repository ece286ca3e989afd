// Builds the small WordPiece vocab the golden tests use, from the project's question set:
//   node build-test-vocab.mjs [--train ../../datasets/train.json] [--out ../../tests/SemanticRouter.Routing.Tests/Tokenization/golden/vocab.txt]
// Layout: the special tokens; every character the reference BasicTokenizer yields for the questions (cased and
// uncased), each followed by its ## form; the most frequent lowercased whole words; frequent word-internal pieces as
// ##pieces. Whole words are few enough that WordPiece splits most rarer words into several pieces, and characters
// the questions never use become [UNK].
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './args.mjs';
import { SPECIAL_TOKENS, createReference } from './reference.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2), {
  train: path.join(here, '../../datasets/train.json'),
  out: path.join(here, '../../tests/SemanticRouter.Routing.Tests/Tokenization/golden/vocab.txt'),
  words: '3000',
  pieces: '400',
});

const questions = JSON.parse(fs.readFileSync(args.train, 'utf8')).questions.map((q) => q.question);
const uncased = createReference(SPECIAL_TOKENS, { lowercase: true });
const cased = createReference(SPECIAL_TOKENS, { lowercase: false });

const chars = new Set();
const wordCounts = new Map();
for (const q of questions) {
  for (const w of cased.words(q)) for (const c of w) chars.add(c);
  for (const w of uncased.words(q)) {
    for (const c of w) chars.add(c);
    wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  }
}

const byCountThenText = ([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0);
const isWordy = (w) => /^[\p{L}\p{N}]+$/u.test(w);
const vocab = [...SPECIAL_TOKENS];
const seen = new Set(vocab);
const add = (token) => {
  if (!seen.has(token)) {
    seen.add(token);
    vocab.push(token);
  }
};

for (const c of [...chars].sort((a, b) => a.codePointAt(0) - b.codePointAt(0))) {
  add(c);
  add(`##${c}`);
}

const ranked = [...wordCounts].filter(([w]) => [...w].length >= 2 && isWordy(w)).sort(byCountThenText);
const wholeWords = ranked.slice(0, Number(args.words));
for (const [w] of wholeWords) add(w);

// Word-internal pieces (2 to 5 characters, not at a word's start) of the words left out, weighted by frequency.
const pieceCounts = new Map();
for (const [w, n] of ranked.slice(wholeWords.length)) {
  const cs = [...w];
  for (let start = 1; start < cs.length; start++) {
    for (let len = 2; len <= 5 && start + len <= cs.length; len++) {
      const piece = cs.slice(start, start + len).join('');
      pieceCounts.set(piece, (pieceCounts.get(piece) ?? 0) + n);
    }
  }
}
let pieces = 0;
for (const [p] of [...pieceCounts].sort(byCountThenText)) {
  if (pieces === Number(args.pieces)) break;
  if (!seen.has(`##${p}`)) {
    add(`##${p}`);
    pieces++;
  }
}

fs.mkdirSync(path.dirname(args.out), { recursive: true });
fs.writeFileSync(args.out, vocab.join('\n') + '\n');
console.log(`${args.out}: ${vocab.length} tokens (${chars.size} characters, ${wholeWords.length} words, ${pieces} pieces)`);

