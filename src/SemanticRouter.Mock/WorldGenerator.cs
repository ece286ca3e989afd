using System.Globalization;

namespace SemanticRouter.Mock;

/// <summary>
/// Draws new worlds in the world-file format, so a router can be judged on worlds nobody tuned it for: which
/// model is strong in which domain (by family like the default world, by a permutation of families, or model by
/// model so that names say nothing), how strength falls with difficulty per size, where <c>qwen-max</c> wins,
/// latency profiles, prices and noise. Every number comes from <see cref="DeterministicRandom"/> keyed by the seed
/// and a name, so a seed gives the same world on every machine and in every version.
/// </summary>
public static class WorldGenerator
{
    public static readonly string[] Domains = ["math", "code", "medicine", "writing"];
    private static readonly string[] Families = ["math", "code", "medicine", "writing"];
    private static readonly string[] Sizes = ["32b", "7b", "3b"];

    /// <summary>How the strong models are assigned to domains.</summary>
    public enum Assignment { Aligned, Permuted, Scrambled }

    public static World Generate(int seed)
    {
        var draw = new Draws(seed);
        var assignment = draw.Uniform("assignment") switch { < 0.2 => Assignment.Aligned, < 0.6 => Assignment.Permuted, _ => Assignment.Scrambled };
        var strongDomain = StrongDomains(draw, assignment);

        var scores = new Dictionary<string, Dictionary<string, double[]>>();
        foreach (var domain in Domains) StrongCurves(draw, domain, strongDomain, scores);
        foreach (var family in Families)
        foreach (var size in Sizes)
            WeakCurves(draw, $"qwen-{family}-{size}", size, strongDomain[$"qwen-{family}-{size}"], scores);
        var maxWins = GeneralCurves(draw, scores);

        var models = new List<WorldModel> { Model(draw, "qwen-max", "general", "max", scores, median: draw.Between("latency|max", 350, 900), price: 0.02) };
        foreach (var family in Families)
        foreach (var size in Sizes)
        {
            var (low, high, price) = size switch { "32b" => (200.0, 420.0, 0.008), "7b" => (90.0, 200.0, 0.002), _ => (40.0, 110.0, 0.0006) };
            var id = $"qwen-{family}-{size}";
            models.Add(Model(draw, id, family, size, scores, draw.Between($"latency|{id}", low, high), price));
        }

        return new World
        {
            Name = $"generated-{seed}",
            Description = Describe(assignment, strongDomain, maxWins),
            Seed = $"generated-{seed}-v1",
            NoiseSd = Math.Round(draw.Between("noise", 0.04, 0.09), 3),
            DifficultyLatencyFactor = [Math.Round(draw.Between("dlf|1", 0.7, 0.95), 2), 1.0, Math.Round(draw.Between("dlf|3", 1.1, 1.5), 2)],
            TtftFraction = Math.Round(draw.Between("ttft", 0.2, 0.4), 2),
            Models = models,
        };
    }

    /// <summary>Each specialist model's strong domain.</summary>
    private static Dictionary<string, string> StrongDomains(Draws draw, Assignment assignment)
    {
        var strong = new Dictionary<string, string>();
        var familyOrder = assignment == Assignment.Aligned ? Domains : draw.Shuffle("families", Domains);
        foreach (var size in Sizes)
        {
            // Scrambled: every size gets its own permutation, so a domain's strong 32b, 7b and 3b come from different families.
            var order = assignment == Assignment.Scrambled ? draw.Shuffle($"families|{size}", Domains) : familyOrder;
            for (var f = 0; f < Families.Length; f++) strong[$"qwen-{Families[f]}-{size}"] = order[f];
        }
        return strong;
    }

    /// <summary>The strong models of one domain: the 32b best on hard questions, the smaller ones close on easy ones and falling faster.</summary>
    private static void StrongCurves(Draws draw, string domain, Dictionary<string, string> strongDomain, Dictionary<string, Dictionary<string, double[]>> scores)
    {
        var top = draw.Between($"top|{domain}", 0.90, 0.97);
        var (d1, fall) = (new Dictionary<string, double>(), new Dictionary<string, double>());
        d1["32b"] = top;
        d1["7b"] = top - draw.Between($"gap7|{domain}", -0.03, 0.05);
        d1["3b"] = d1["7b"] - draw.Between($"gap3|{domain}", -0.02, 0.08);
        fall["32b"] = draw.Between($"fall32|{domain}", 0.02, 0.06);
        fall["7b"] = draw.Between($"fall7|{domain}", 0.05, 0.13);
        fall["3b"] = draw.Between($"fall3|{domain}", 0.09, 0.19);
        foreach (var (model, strongIn) in strongDomain)
        {
            if (strongIn != domain) continue;
            var size = model[(model.LastIndexOf('-') + 1)..];
            Set(scores, model, domain, Curve(d1[size], fall[size]));
        }
    }

    /// <summary>A specialist outside its domain: weak, weaker when smaller, sometimes fair in a second domain.</summary>
    private static void WeakCurves(Draws draw, string model, string size, string strongIn, Dictionary<string, Dictionary<string, double[]>> scores)
    {
        var sizePenalty = size switch { "32b" => 0.0, "7b" => draw.Between($"weak7|{model}", 0.03, 0.1), _ => draw.Between($"weak3|{model}", 0.07, 0.18) };
        var others = Domains.Where(d => d != strongIn).ToArray();
        var second = draw.Uniform($"second?|{model}") < 0.3 ? others[(int)(draw.Uniform($"second|{model}") * others.Length)] : null;
        foreach (var domain in others)
        {
            var start = draw.Between($"weak|{model}|{domain}", 0.38, 0.58) - sizePenalty;
            if (domain == second) start += draw.Between($"secondgain|{model}", 0.15, 0.3);
            Set(scores, model, domain, Curve(start, draw.Between($"weakfall|{model}|{domain}", 0.04, 0.1)));
        }
    }

    /// <summary>qwen-max: good everywhere and best in a few (domain, difficulty) cells. Returns those cells.</summary>
    private static List<string> GeneralCurves(Draws draw, Dictionary<string, Dictionary<string, double[]>> scores)
    {
        var wins = new List<string>();
        var count = (int)(draw.Uniform("maxwins") * 4); // 0..3 cells
        var cells = draw.Shuffle("maxcells", Domains.SelectMany(d => new[] { $"{d}|2", $"{d}|3" }).ToArray()).Take(count).ToHashSet();
        foreach (var domain in Domains)
        {
            var curve = Curve(draw.Between($"max|{domain}", 0.74, 0.88), draw.Between($"maxfall|{domain}", 0.02, 0.07));
            for (var difficulty = 2; difficulty <= 3; difficulty++)
            {
                if (!cells.Contains($"{domain}|{difficulty}")) continue;
                var best = scores.Values.Max(byDomain => byDomain.TryGetValue(domain, out var s) ? s[difficulty - 1] : 0);
                curve[difficulty - 1] = Math.Round(Math.Min(0.98, best + draw.Between($"maxwin|{domain}|{difficulty}", 0.04, 0.12)), 3);
                wins.Add($"{domain} difficulty {difficulty}");
            }
            Set(scores, "qwen-max", domain, curve);
        }
        return wins;
    }

    private static double[] Curve(double easy, double fallPerLevel) =>
        [Clamp(easy), Clamp(easy - fallPerLevel), Clamp(easy - 2 * fallPerLevel)];

    private static double Clamp(double score) => Math.Round(Math.Clamp(score, 0.05, 0.99), 3);

    private static void Set(Dictionary<string, Dictionary<string, double[]>> scores, string model, string domain, double[] curve)
    {
        if (!scores.TryGetValue(model, out var byDomain)) scores[model] = byDomain = [];
        byDomain[domain] = curve;
    }

    private static WorldModel Model(Draws draw, string id, string family, string size, Dictionary<string, Dictionary<string, double[]>> scores,
        double median, double price) => new()
    {
        Id = id,
        Family = family,
        Size = size,
        Latency = new LatencyDistribution { Median = Math.Round(median), Sigma = Math.Round(draw.Between($"sigma|{id}", 0.18, 0.35), 2) },
        PricePer1kTokens = Math.Round(price * draw.Between($"price|{id}", 0.8, 1.2), 5),
        Scores = Domains.ToDictionary(d => d, d => scores[id][d]),
    };

    private static string Describe(Assignment assignment, Dictionary<string, string> strongDomain, List<string> maxWins)
    {
        var strongest = Domains.Select(d => $"{d}: {string.Join(", ", strongDomain.Where(kv => kv.Value == d).Select(kv => kv.Key))}");
        var wins = maxWins.Count == 0 ? "nowhere" : string.Join("; ", maxWins);
        return string.Create(CultureInfo.InvariantCulture,
            $"Generated ({assignment.ToString().ToLowerInvariant()}). Strong models by domain: {string.Join("; ", strongest)}. qwen-max is best at {wins}.");
    }

    /// <summary>Named draws from one seed: the same name always gives the same number.</summary>
    private sealed class Draws(int seed)
    {
        public double Uniform(string name) => DeterministicRandom.Uniform($"world|{seed}|{name}");

        public double Between(string name, double low, double high) => low + (high - low) * Uniform(name);

        public string[] Shuffle(string name, IReadOnlyList<string> items) =>
            items.Select((item, i) => (item, key: Uniform($"{name}|{i}"))).OrderBy(p => p.key).Select(p => p.item).ToArray();
    }
}
