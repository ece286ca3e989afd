using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using Ours = SemanticRouter.Routing.Tokenization.BertTokenizer;

// dotnet run -c Release --project training/tokenizer/CompareMlTokenizers [-- --out DIR --passes N]
var outDir = Argument("--out", "eval/tokenizer");
var passes = int.Parse(Argument("--passes", "20"), CultureInfo.InvariantCulture);
var root = RepoRoot();
var golden = Path.Combine(root, "tests", "SemanticRouter.Routing.Tests", "Tokenization", "golden");
var report = new StringBuilder();
report.AppendLine("# Microsoft.ML.Tokenizers' BertTokenizer against the golden vectors").AppendLine()
    .AppendLine($"Command: `dotnet run -c Release --project training/tokenizer/CompareMlTokenizers -- --out {outDir} --passes {passes}`  ")
    .AppendLine($"Microsoft.ML.Tokenizers {LibraryVersion()}; .NET {Environment.Version}; {Environment.ProcessorCount} cores").AppendLine()
    .AppendLine("A case matches when the ids with [CLS] … [SEP], untruncated, equal the reference's (@huggingface/transformers, see")
    .AppendLine("training/tokenizer/). Every combination of BertOptions' accent stripping, Chinese-character splitting and")
    .AppendLine("special-token splitting was tried with each pre-tokenizer (the library's word-or-punctuation default, word-or-nonword,")
    .AppendLine("whitespace, and a regex of BERT's own punctuation classes), with lower-casing as the golden file's; the best five and the")
    .AppendLine("defaults are shown. The project's tokenizer matches every case of every file (BertTokenizerGoldenTests).").AppendLine();

var files = new (string File, string Vocab)[]
{
    ("uncased.json", Path.Combine(golden, "vocab.txt")),
    ("cased.json", Path.Combine(golden, "vocab.txt")),
    ("shipped/uncased.json", Path.Combine(root, "models", "encoder", "vocab.txt")),
};
foreach (var (file, vocab) in files)
{
    var (lowerCase, cases) = LoadGolden(Path.Combine(golden, file));
    var results = Configurations(lowerCase).Select(c => (Config: c, Score: Score(c, vocab, cases))).ToList();
    report.AppendLine($"## `{file}` ({cases.Count} cases, lower-case {lowerCase.ToString().ToLowerInvariant()}, vocabulary `{Path.GetRelativePath(root, vocab)}`)").AppendLine()
        .AppendLine("| pre-tokenizer | strip accents | split CJK | split special tokens | cases matched | threw |").AppendLine("|---|---|---|---|---|---|");
    foreach (var (config, score) in results.OrderByDescending(r => r.Score.Matched).Take(5).Append(results[0]))
        report.AppendLine($"| {config.PreTokenizer}{(config == results[0].Config ? " (defaults)" : "")} | {config.StripAccents} | {config.SplitCjk} | {config.SplitSpecials} | {score.Matched} | {score.Threw} |");
    var best = results.MaxBy(r => r.Score.Matched);
    report.AppendLine().AppendLine("Cases the best combination gets wrong, by group (first difference of each group):").AppendLine();
    foreach (var group in best.Score.Wrong.GroupBy(w => w.Name.Split('/')[0] == "sweep" ? w.Name : w.Name.Split('/')[0]))
        report.AppendLine($"- `{group.Key}` ({group.Count()}): {group.First().How}");
    report.AppendLine();
}

const string Sample = "If x² + 3 = $12 − y, what is y?";
var sampleVocab = Path.Combine(root, "models", "encoder", "vocab.txt");
var sampleTokens = File.ReadAllLines(sampleVocab);
report.AppendLine($"## One math question, shipped vocabulary, lower-case").AppendLine()
    .AppendLine($"`{Sample}`").AppendLine()
    .AppendLine($"- ours: `{string.Join(" ", Ours.FromVocabFile(sampleVocab, lowerCase: true).Tokenize(Sample))}`")
    .AppendLine($"- Microsoft.ML.Tokenizers, defaults: `{string.Join(" ", Create(Configurations(true)[0], sampleVocab).EncodeToIds(Sample, addSpecialTokens: false).Select(i => sampleTokens[i]))}`")
    .AppendLine();

var questions = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "datasets", "verify.json"))).RootElement
    .GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("question").GetString()!).ToArray();
var shippedVocab = Path.Combine(root, "models", "encoder", "vocab.txt");
var ours = Ours.FromVocabFile(shippedVocab, lowerCase: true);
var library = Create(Configurations(true)[0], shippedVocab);
var buffers = (Ids: new long[128], Mask: new long[128], Types: new long[128]);
var timings = new (string Name, Func<string, int> Encode)[]
{
    ("ours, whole text (`Encode(text, int.MaxValue)`)", q => ours.Encode(q, int.MaxValue).Length),
    ("ours, 128 ids into spans, as the router does", q => ours.Encode(q, buffers.Ids, buffers.Mask, buffers.Types, 128)),
    ("Microsoft.ML.Tokenizers, defaults, whole text (`EncodeToIds`)", q => library.EncodeToIds(q).Count),
};
report.AppendLine($"## Speed on the {questions.Length} verify questions, shipped vocabulary, lower-case, one thread").AppendLine()
    .AppendLine($"{passes} timed passes after one that counts the tokens (and warms up); the median pass.").AppendLine()
    .AppendLine("| tokenizer | tokens per pass | median ms per pass | tokens/s |").AppendLine("|---|---|---|---|");
foreach (var (name, encode) in timings)
{
    var tokens = questions.Sum(encode);
    var times = Enumerable.Range(0, passes).Select(_ =>
    {
        var clock = Stopwatch.StartNew();
        foreach (var q in questions) encode(q);
        return clock.Elapsed.TotalMilliseconds;
    }).Order().ToList();
    var median = times[times.Count / 2];
    report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {tokens} | {median:F2} | {tokens / median * 1000:N0} |");
}
Directory.CreateDirectory(outDir);
File.WriteAllText(Path.Combine(outDir, "report.md"), report.ToString());
Console.Write(report);

static List<Config> Configurations(bool lowerCase) =>
[
    .. from pre in new[] { "word-or-punctuation", "word-or-nonword", "whitespace", "BERT punctuation regex" }
       from strip in new[] { lowerCase, !lowerCase }
       from cjk in new[] { true, false }
       from specials in new[] { true, false }
       select new Config(pre, lowerCase, strip, cjk, specials),
];

static BertTokenizer Create(Config config, string vocab)
{
    var options = new BertOptions
    {
        LowerCaseBeforeTokenization = config.LowerCase, RemoveNonSpacingMarks = config.StripAccents,
        IndividuallyTokenizeCjk = config.SplitCjk, SplitOnSpecialTokens = config.SplitSpecials,
    };
    // BertTokenizer.Create fills in the pre-tokenizer (with its special tokens) only when none is given.
    var specials = config.SplitSpecials ? new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" }.ToDictionary(t => t, t => Array.IndexOf(File.ReadAllLines(vocab), t)) : null;
    options.PreTokenizer = config.PreTokenizer switch
    {
        "word-or-nonword" => PreTokenizer.CreateWordOrNonWord(specials),
        "whitespace" => PreTokenizer.CreateWhiteSpace(specials),
        // BERT's punctuation: ASCII symbols and Unicode category P, each its own word; other runs of non-space are words.
        "BERT punctuation regex" => new RegexPreTokenizer(new Regex(@"[^\s!-/:-@\[-`{-~\p{P}]+|[!-/:-@\[-`{-~\p{P}]"), specials),
        _ => null,
    };
    return BertTokenizer.Create(vocab, options);
}

static (int Matched, int Threw, List<(string Name, string How)> Wrong) Score(Config config, string vocab, List<(string Name, string Text, int[] Ids)> cases)
{
    var tokenizer = Create(config, vocab);
    var tokens = File.ReadAllLines(vocab);
    int matched = 0, threw = 0;
    var wrong = new List<(string, string)>();
    foreach (var (name, text, ids) in cases)
    {
        try
        {
            var got = tokenizer.EncodeToIds(text);
            if (got.SequenceEqual(ids)) { matched++; continue; }
            var at = ids.Zip(got).TakeWhile(p => p.First == p.Second).Count();
            string Show(IEnumerable<int> s) => string.Join(" ", s.Skip(Math.Max(0, at - 1)).Take(4).Select(i => Escape(tokens[i])));
            wrong.Add((name, $"`{Escape(Excerpt(text, 32))}`: reference `{Show(ids)}`, library `{Show(got)}`"));
        }
        catch (Exception e)
        {
            threw++;
            wrong.Add((name, $"`{Escape(Excerpt(text, 16))}`: {e.GetType().Name} ({e.Message.Split('\n')[0]})"));
        }
    }
    return (matched, threw, wrong);
}

static (bool LowerCase, List<(string Name, string Text, int[] Ids)> Cases) LoadGolden(string path)
{
    var root = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;
    var cases = root.GetProperty("cases").EnumerateArray().Select(c => (
        c.GetProperty("name").GetString()!,
        c.TryGetProperty("text", out var text) ? text.GetString()! : new string([.. c.GetProperty("utf16").EnumerateArray().Select(u => (char)u.GetInt32())]),
        c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray())).ToList();
    return (root.GetProperty("lowercase").GetBoolean(), cases);
}

static string Excerpt(string text, int chars) => text.Length <= chars ? text : text[..chars] + "…";

static string Escape(string text) => string.Concat(text.Select(c =>
    c != ' ' && (char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.SpaceSeparator
        or UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.NonSpacingMark)
        ? $"\\u{(int)c:X4}" : c == '`' ? "\\`" : c.ToString()));

static string LibraryVersion() =>
    typeof(BertOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

string Argument(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SemanticRouter.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new DirectoryNotFoundException("SemanticRouter.sln not found above the tool's binaries.");
}

internal sealed record Config(string PreTokenizer, bool LowerCase, bool StripAccents, bool SplitCjk, bool SplitSpecials);
