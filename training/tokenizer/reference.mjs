// The reference BERT tokenizer: BertTokenizer of @huggingface/transformers (pinned in package.json), built
// offline from a tokenizer JSON made here from a vocab.txt, the way a Hugging Face BERT tokenizer.json is laid out:
// BertNormalizer, BertPreTokenizer, WordPiece, TemplateProcessing for [CLS] … [SEP].
import fs from 'node:fs';
import { BertTokenizer } from '@huggingface/transformers';

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** vocab.txt: one token per line, id = line number. Line ends \n, \r\n or \r (as .NET's StreamReader.ReadLine). */
export function readVocab(path) {
  let text = fs.readFileSync(path, 'utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The tokenizer JSON a Hugging Face BERT checkpoint ships (tokenizer.json), for the given vocab and casing. */
export function bertTokenizerJson(vocab, { lowercase, stripAccents = null }) {
  const ids = new Map();
  vocab.forEach((token, id) => ids.set(token, id)); // a repeated token keeps its last id, as HF's load_vocab
  const special = SPECIAL_TOKENS.filter((t) => ids.has(t));
  for (const t of ['[UNK]', '[CLS]', '[SEP]']) {
    if (!ids.has(t)) throw new Error(`vocab has no ${t}`);
  }
  const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } };
  const sep = (typeId) => ({ SpecialToken: { id: '[SEP]', type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map((t) => ({
      id: ids.get(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: {
      type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: stripAccents, lowercase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0)],
      pair: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0), { Sequence: { id: 'B', type_id: 1 } }, sep(1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [ids.get('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [ids.get('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

/**
 * The reference tokenizer plus a view of the words its BertPreTokenizer hands to WordPiece (the BasicTokenizer's
 * output), captured by wrapping the WordPiece model. `stripAccents: null` follows `lowercase` (HF semantics).
 */
export function createReference(vocab, { lowercase, stripAccents = null }) {
  const json = bertTokenizerJson(vocab, { lowercase, stripAccents });
  const tokenizer = new BertTokenizer(json, {
    do_lower_case: lowercase,
    strip_accents: stripAccents,
    unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]',
  });
  const inner = tokenizer._tokenizer;
  const model = inner.model;
  let captured = null;
  const recording = (words) => {
    if (captured) captured.push(...words);
    return model(words);
  };
  for (const key of ['tokens_to_ids', 'vocab', 'unk_token_id', 'unk_token']) recording[key] = model[key];
  inner.model = recording;

  return {
    tokenizer,
    /** Words after BertNormalizer + BertPreTokenizer (special tokens written in the text are not words). */
    words(text) {
      captured = [];
      inner.encode(text, { add_special_tokens: false });
      const words = captured;
      captured = null;
      return words;
    },
    /** Ids with [CLS] … [SEP]. */
    ids: (text) => tokenizer.encode(text),
    /** Ids without special tokens around them. */
    pieceIds: (text) => tokenizer.encode(text, { add_special_tokens: false }),
    clsId: json.model.vocab['[CLS]'],
    sepId: json.model.vocab['[SEP]'],
  };
}
