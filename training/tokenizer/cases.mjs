// The texts the golden vectors cover: a sample of the project's questions plus hand-written strings for every
// corner of BERT's BasicTokenizer and WordPiece (scripts, symbols, control characters, lengths).

/** Every `step`-th question of train.json, so the sample spans all domains and both languages. */
export function sampleQuestions(questions, step) {
  return questions.filter((_, i) => i % step === 0).map((q) => ({ name: `train/${q.id}`, text: q.question }));
}

/** A text of at least `minChars` characters: questions joined one after another. */
export function longText(questions, minChars) {
  let text = '';
  for (let i = 0; text.length < minChars; i++) text += (text ? '\n\n' : '') + questions[i % questions.length].question;
  return text;
}

/** The code points lo..hi that are not surrogates, each followed by a space (one word per character). */
function sweep(lo, hi, separator = ' ') {
  const parts = [];
  for (let cp = lo; cp <= hi; cp++) if (cp < 0xd800 || cp > 0xdfff) parts.push(String.fromCodePoint(cp));
  return parts.join(separator);
}

const english = [
  'Hello, world!',
  'What is the capital of France?',
  "Don't you think it's the user's choice?",
  'The QUICK brown fox jumps over the lazy dog.',
  'Write a haiku about autumn leaves falling on a quiet river.',
  'e-mail me at john.doe@example.com or visit https://example.org/path?q=1&r=2#frag',
  'Prices rose 3.5% to $1,234.56 in Q3 2024 (vs. Q2).',
  'The U.S.A. and the U.K. signed the treaty on 2021-03-15 at 10:30am.',
  'rock-and-roll, state-of-the-art, well_known, snake_case_name, camelCaseName, PascalCaseName',
  'unbelievably uncharacteristically antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis',
  'Summarize the plot of Hamlet in three sentences.',
  'I need a 500-word essay on climate change and its effects on agriculture in sub-Saharan Africa.',
  'What are the side effects of ibuprofen when taken with alcohol?',
  'My 3-year-old has a fever of 39.2°C — should I take her to the ER?',
  '  leading and trailing spaces   ',
  'multiple     spaces    between     words',
  'ALL CAPS SENTENCE WITH NUMBERS 12345 AND SYMBOLS !!!',
  'A',
  'a',
  '.',
  '...',
  '?!?!',
  '"quoted" \'single\' `backtick` «guillemets» „German“ ‘curly’ “double”',
];

const chinese = [
  '你好，世界！',
  '请帮我写一首关于春天的诗。',
  '为什么天空是蓝色的？',
  '我的孩子发烧到三十九度，需要去医院吗？',
  '如何用Python读取一个CSV文件并计算每列的平均值？',
  '请把下面这段话翻译成英文：“学而时习之，不亦说乎？”',
  '《红楼梦》的作者是谁？他生活在哪个朝代？',
  '一二三四五六七八九十百千万亿',
  '中华人民共和国成立于1949年10月1日。',
  '這是繁體中文的句子，請問你看得懂嗎？',
  '㐀㐁㐂 (CJK Extension A) 丽丽 (compatibility ideographs) 𠀀𠀁𠀂 (Extension B) 𪜀 (Extension C)',
  '高血压患者每天应该摄入多少克盐？',
  '解方程：x² − 5x + 6 = 0',
];

const mixed = [
  '用JavaScript实现一个debounce函数',
  '我在学习machine learning，请推荐几本书。',
  'iPhone 15 Pro Max和Samsung Galaxy S24 Ultra哪个更好？',
  'GPT-4o与Claude 3.5 Sonnet的区别是什么？',
  'SQL中LEFT JOIN和INNER JOIN有什么不同？请举例说明。',
  '请解释一下React的useEffect hook在组件卸载时的cleanup行为',
  'Docker容器内存限制--memory=512m不生效怎么办',
  '把这句话翻译成中文：The early bird catches the worm.',
  'COVID-19疫苗的副作用有哪些？',
  '在Linux下用grep -rn "TODO" ./src查找所有待办',
];

const code = [
  'def fib(n):\n    return n if n < 2 else fib(n-1) + fib(n-2)\n\nprint([fib(i) for i in range(10)])',
  'const add = (a, b) => a + b; // arrow function\nconsole.log(add(1, 2) === 3 ? "ok" : "fail");',
  'SELECT u.id, COUNT(*) AS n FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE o.total >= 100 GROUP BY u.id HAVING n > 2 ORDER BY n DESC;',
  'for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; } // dot product',
  'if (x != null && x.length > 0 || y?.z ?? false) { return !flag; }',
  'import numpy as np\nA = np.array([[1, 2], [3, 4]])\nprint(A @ A.T, A.shape, np.linalg.inv(A))',
  'SELECT * FROM t WHERE name LIKE \'%abc_\' AND created_at BETWEEN \'2024-01-01\' AND \'2024-12-31\';',
  '#include <stdio.h>\nint main(void) { printf("%d\\n", 42); return 0; }',
  'fn main() { let v: Vec<u32> = (1..=10).map(|x| x * x).collect(); println!("{:?}", v); }',
  'git commit -m "fix: handle null pointer in UserService#findById()" && git push origin HEAD:main',
  'regex: ^(?<user>[a-z0-9._%+-]+)@(?<host>[a-z0-9.-]+\\.[a-z]{2,})$',
  '<div class="card" data-id=\'42\'><img src="a.png" alt=""/></div>',
  'x += 1; y -= 2; z *= 3; w /= 4; v %= 5; u **= 6; t //= 7; s <<= 1; r >>= 2; q &= p | o ^ ~m;',
  '{"model": "auto", "messages": [{"role": "user", "content": "hi"}], "stream": true}',
  'public async Task<IActionResult> Get([FromRoute] int id, CancellationToken ct) => Ok(await _db.FindAsync(id, ct));',
  '$ curl -sS -X POST http://127.0.0.1:8080/v1/chat/completions -H "Content-Type: application/json"',
  '__init__ __name__ == "__main__" self.__dict__ **kwargs *args @staticmethod',
];

const math = [
  '\\int_0^\\infty e^{-x^2} \\, dx = \\frac{\\sqrt{\\pi}}{2}',
  '∫₀¹ x² dx = ⅓, ∑_{n=1}^{∞} 1/n² = π²/6, ∏ (1 − p⁻ˢ)⁻¹',
  'Prove that for all ε > 0 there exists δ > 0 such that |x − a| < δ ⇒ |f(x) − f(a)| < ε.',
  'x ≤ y ≥ z ≠ w ≈ v ≡ u ∈ A ⊆ B ∪ C ∩ D ∀x ∃y ¬p ∧ q ∨ r → s ↔ t',
  'E = mc², a² + b² = c², H₂O, CO₂, x⁽ⁿ⁾, 10⁻⁹, e^(iπ) + 1 = 0',
  'Solve log₃(x + 1) + log₃(x − 1) = 1.',
  '√2 ≈ 1.41421356, ∛27 = 3, ∞ − ∞ is undefined, ∂f/∂x, ∇·F, ∮ F·dr',
  'The matrix [[1, 2], [3, 4]]ᵀ has determinant −2 and eigenvalues (5 ± √33)/2.',
  'ℝ, ℚ, ℤ, ℕ, ℂ, ℵ₀, 𝔽_p, 𝐯 = (v₁, v₂), 𝒪(n log n)',
  '½ + ¼ = ¾; 3 × 4 ÷ 2 = 6; 5 ± 0.1; 90°; 1‰; 2‱',
  '$$\\sum_{k=0}^{n} \\binom{n}{k} x^k y^{n-k} = (x+y)^n$$',
  '设函数f(x)=x³−3x+1，求f(x)在[−2,2]上的最大值与最小值。',
];

const emoji = [
  'I love pizza 🍕🍕🍕!',
  '😀😃😄😁😆😅😂🤣',
  'Family: 👨‍👩‍👧‍👦 and couple: 👩‍❤️‍💋‍👨',
  'Thumbs up: 👍 👍🏻 👍🏼 👍🏽 👍🏾 👍🏿',
  'Flags: 🇺🇸 🇨🇳 🇯🇵 🇩🇪 🏳️‍🌈 🏴‍☠️',
  'Keycaps: 1️⃣ 2️⃣ #️⃣ *️⃣ and hearts ❤️ ♥ ❣️',
  'Text with emoji🙂in the middle of words and 中文😊混排',
  '🧑🏽‍💻 writes code, 🧑‍🔬 does science, 🏃‍♀️ runs',
];

const accented = [
  'café naïve résumé coöperate façade jalapeño piñata',
  'Ångström Øresund Åland Ærø Þórsmörk Ísland',
  'Straße Fußgänger Größe Übermäßig ÄÖÜ äöü ß ẞ',
  'Tiếng Việt có dấu: Người Việt Nam, Hà Nội, Hồ Chí Minh, phở bò, cà phê sữa đá',
  'Crème brûlée, São Paulo, Kraków, Dvořák, Łódź, Škoda, Ćevapi',
  'İstanbul, IĞDIR, Iğdır, ılık, ŞİŞLİ',
  'decomposed: cafe\u0301 nai\u0308ve A\u030angstro\u0308m',
  'precomposed vs decomposed: \u00e9 e\u0301 \u00c5 A\u030a \u212b',
  'stacked marks: a\u0301\u0302\u0303 o\u0308\u0304 x\u0323\u0307',
  'a mark at the start: \u0301abc and alone: \u0301 \u0308',
  'Ĳssel ĳzer ﬁne ﬂow ﬀ (ligatures are not decomposed by NFD)',
];

const fullWidth = [
  'ＦＵＬＬ　ＷＩＤＴＨ　ｔｅｘｔ　１２３',
  '全角标点：！＂＃＄％＆＇（）＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝～',
  'ｈｅｌｌｏ，ｗｏｒｌｄ！　ＡＢＣ＝ａｂｃ',
  'ﾊﾝｶｸ ｶﾀｶﾅ (half-width katakana) ｶﾞｷﾞｸﾞ',
];

const japaneseKorean = [
  'こんにちは、世界！今日はいい天気ですね。',
  'カタカナとひらがなと漢字が混ざった文章です。',
  '東京タワーの高さは333メートルです。',
  'ガギグゲゴ パピプペポ ヴ (dakuten)',
  '안녕하세요, 세계! 오늘 날씨가 좋네요.',
  '한국어 문장에 English와 123이 섞여 있습니다.',
  '각 낱 닭 힣 (Hangul syllables decompose under NFD)',
  'ᄀᄁᄂ ᅡᅢᅣ ᆨᆩᆪ (conjoining jamo)',
];

const otherScripts = [
  'مرحبا بالعالم! كيف حالك؟',
  'اَلْعَرَبِيَّةُ لُغَةٌ جَمِيلَةٌ (Arabic with harakat)',
  'Привет, мир! Как дела?',
  'ЁЛКА ёлка Йод йод ЎЗБЕК Ѓ ґ',
  'Γειά σου Κόσμε! Τι κάνεις;',
  'ΟΔΟΣ ΟΔΟΣ. ΑΣ.Β ΑΣ\'Β ΑΣ-Β Σ ΑΣ1 ὈΔΥΣΣΕΎΣ',
  'ΑΣ\u0301 ΑΣ\u200bΒ ΑΣ\u0001Β ΑΣ\ufffdΒ ΑΣⓑ ªΣ ʰΣ ΑΣ中 ΑΣ\u00adΒ',
  'שלום עולם! מה שלומך?',
  'नमस्ते दुनिया! आप कैसे हैं?',
  'สวัสดีชาวโลก ภาษาไทยไม่มีช่องว่างระหว่างคำ',
  'Բարեւ աշխարհ, გამარჯობა მსოფლიო',
  '𐐀𐐁𐐂 𐐨𐐩𐐪 (Deseret has case in the supplementary planes)',
  'ⅠⅡⅢⅣ ⅰⅱⅲ Ⓐⓑ 🄰🄱 (cased symbols)',
];

const controlAndWhitespace = [
  '',
  ' ',
  '\t',
  '\n\n\n',
  'tab\tseparated\tvalues\r\nwindows line\rold mac line',
  'no\u00a0break\u00a0space and\u2009thin\u2009space and\u3000ideographic space',
  'zero\u200bwidth\u200bspace and zero\u200cwidth\u200djoiner and word\u2060joiner',
  'null\u0000byte and replacement\ufffdchar',
  'bell\u0007 backspace\u0008 escape\u001b[31mred\u001b[0m delete\u007f',
  'vertical\u000btab form\u000cfeed unit\u001fseparator next\u0085line',
  'line\u2028separator paragraph\u2029separator',
  '\ufeffBOM at the start and soft\u00adhyphen',
  'private use \ue000\uf8ff and \u{f0000}\u{10fffd} plane 15/16',
  'noncharacters \ufdd0 \ufffe \uffff a\ufffeb \u{1fffe}',
  'bidi \u202aLRE\u202c \u202eRLO\u202c \u200eLRM\u200f \u061c',
  'ogham\u1680space en\u2002em\u2003six\u2006hair\u200anarrow\u202fmath\u205fspace',
  '\u0000\u0001\u0002\ufffd',
  '   \t\n  \u00a0 \u3000  ',
  'mongolian\u180evowel separator',
  'lone surrogates: a\ud800b \udc00c d\ud83d \ude00e \ud83d\ude00',
];

const specialTokensInText = [
  'what is [MASK] here?',
  '[CLS] already has [SEP] tokens [PAD][PAD]',
  '[UNK] vs [unk] vs [ UNK ] vs [UNK',
  'a[SEP]b[MASK]c',
  'nested [[CLS]] and [CLS]] and [[SEP]',
];

const longWords = [
  'a'.repeat(100),
  'a'.repeat(101),
  `short ${'b'.repeat(150)} short`,
  'supercalifragilisticexpialidocious'.repeat(4),
  'ab'.repeat(49) + 'é',
  'ab'.repeat(50) + 'é',
  'ab'.repeat(50) + 'e\u0301',
  'x'.repeat(99) + '😀',
  'x'.repeat(100) + '😀',
  '😀'.repeat(60),
  'é'.repeat(101),
  '中'.repeat(300),
  `${'1234567890'.repeat(11)}`,
];

const sweeps = [
  ['sweep/ascii', sweep(0x00, 0x7f)],
  ['sweep/ascii-joined', sweep(0x20, 0x7e, '')],
  ['sweep/latin-1', sweep(0x80, 0xff)],
  ['sweep/latin-extended-a', sweep(0x100, 0x17f)],
  ['sweep/combining-marks', `a${sweep(0x300, 0x36f, ' a')}`],
  ['sweep/greek', sweep(0x370, 0x3ff)],
  ['sweep/cyrillic', sweep(0x400, 0x4ff)],
  ['sweep/arabic', sweep(0x600, 0x6ff)],
  ['sweep/latin-extended-additional', sweep(0x1e00, 0x1eff)],
  ['sweep/greek-extended', sweep(0x1f00, 0x1fff)],
  ['sweep/general-punctuation', sweep(0x2000, 0x206f)],
  ['sweep/letterlike-and-number-forms', sweep(0x2100, 0x218f)],
  ['sweep/math-operators', sweep(0x2200, 0x22ff)],
  ['sweep/enclosed-alphanumerics', sweep(0x2460, 0x24ff)],
  ['sweep/cjk-symbols-and-kana', sweep(0x3000, 0x30ff)],
  ['sweep/cjk-boundaries', sweep(0x33fe, 0x3401) + ' ' + sweep(0x4dbe, 0x4e01) + ' ' + sweep(0x9ffe, 0xa001)],
  ['sweep/cjk-compatibility', sweep(0xf8fe, 0xf90f) + ' ' + sweep(0xfaf0, 0xfb00)],
  ['sweep/cjk-compatibility-joined', sweep(0xf900, 0xf93f, '')],
  ['sweep/hangul-syllables', sweep(0xac00, 0xac3f)],
  ['sweep/halfwidth-fullwidth', sweep(0xff00, 0xffef)],
  ['sweep/specials', sweep(0xfff0, 0xffff)],
  ['sweep/deseret', sweep(0x10400, 0x1044f)],
  ['sweep/math-alphanumerics', sweep(0x1d400, 0x1d4ff)],
  ['sweep/emoji', sweep(0x1f300, 0x1f3ff)],
  ['sweep/cjk-extension-b', sweep(0x20000, 0x2001f, '')],
  ['sweep/cjk-compatibility-supplement', sweep(0x2f800, 0x2f81f)],
  ['sweep/cjk-compatibility-supplement-joined', sweep(0x2f800, 0x2f81f, '')],
];

/** All cases: hand-written groups, edge lengths, sweeps over Unicode blocks, and a sample of the questions. */
export function buildCases(questions) {
  const groups = {
    english, chinese, mixed, code, math, emoji, accented, fullWidth, japaneseKorean, otherScripts,
    controlAndWhitespace, specialTokensInText, longWords,
  };
  const cases = [];
  for (const [group, texts] of Object.entries(groups)) texts.forEach((text, i) => cases.push({ name: `${group}/${i}`, text }));
  for (const [name, text] of sweeps) cases.push({ name, text });
  cases.push({ name: 'long/6000', text: longText(questions, 6000) });
  cases.push({ name: 'long/joined-words', text: longText(questions.filter((q) => q.lang === 'en'), 3000).replace(/\s+/g, '') });
  cases.push(...sampleQuestions(questions, 12));
  return cases;
}
