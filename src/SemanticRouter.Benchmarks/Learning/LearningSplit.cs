using SemanticRouter.Mock;

namespace SemanticRouter.Benchmarks.Learning;

/// <summary>
/// Which questions the flywheel collects (train) and which the router is then judged on (verify), by source:
/// <list type="bullet">
/// <item><c>held-out</c>: train from sources the router never learns from anywhere else, verify from the held-out
/// sources only: does what it learned carry over to collections it has not seen the like of?</item>
/// <item><c>same-source</c>: the held-out sources split by question, train and verify from the same collections the
/// encoder never saw: does it learn a new kind of traffic from the flywheel's own data?</item>
/// <item><c>project</c>: the project's own train and verify sets (<c>datasets/train.json</c>, <c>verify.json</c>), the
/// setting of the demo.</item>
/// </list>
/// Draws are balanced across sources inside a domain (round robin over each source's shuffled questions), so one
/// large collection does not stand for the whole domain, and are seeded.
/// </summary>
public sealed record LearningSplit(string Name, IReadOnlyList<SourcedQuestion> Train, IReadOnlyList<SourcedQuestion> Verify)
{
    public const string HeldOutName = "held-out";
    public const string SameSourceName = "same-source";
    public const string ProjectName = "project";

    public static LearningSplit Project() =>
        new(ProjectName, EmbeddedData.Questions("train").Items.Select(q => new SourcedQuestion(q, "train.json")).ToList(),
            EmbeddedData.Questions("verify").Items.Select(q => new SourcedQuestion(q, "verify.json")).ToList());

    public static LearningSplit HeldOut(QuestionPool pool, int trainPerDomain, int verifyPerDomain, int seed)
    {
        var train = new List<SourcedQuestion>();
        var verify = new List<SourcedQuestion>();
        foreach (var domain in WorldGenerator.Domains)
        {
            train.AddRange(RoundRobin(pool.Questions.Where(q => q.Question.Domain == domain && !pool.IsHeldOut(q.Source)), trainPerDomain, seed));
            verify.AddRange(RoundRobin(pool.Questions.Where(q => q.Question.Domain == domain && pool.IsHeldOut(q.Source)), verifyPerDomain, seed));
        }
        return new LearningSplit(HeldOutName, train, verify);
    }

    public static LearningSplit SameSource(QuestionPool pool, int trainPerDomain, int verifyPerDomain, int seed, double trainShare = 0.6)
    {
        var train = new List<SourcedQuestion>();
        var verify = new List<SourcedQuestion>();
        foreach (var domain in WorldGenerator.Domains)
        {
            var parts = pool.Questions.Where(q => q.Question.Domain == domain && pool.IsHeldOut(q.Source))
                .GroupBy(q => q.Source).Select(g => Shuffle(g, seed)).ToList();
            train.AddRange(RoundRobin(parts.SelectMany(p => p.Take((int)(p.Count * trainShare))), trainPerDomain, seed));
            verify.AddRange(RoundRobin(parts.SelectMany(p => p.Skip((int)(p.Count * trainShare))), verifyPerDomain, seed));
        }
        return new LearningSplit(SameSourceName, train, verify);
    }

    /// <summary>Up to <paramref name="count"/> questions, taking one from each source in turn.</summary>
    private static List<SourcedQuestion> RoundRobin(IEnumerable<SourcedQuestion> questions, int count, int seed)
    {
        var queues = questions.GroupBy(q => q.Source).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Queue<SourcedQuestion>(Shuffle(g, seed))).ToList();
        var taken = new List<SourcedQuestion>();
        while (taken.Count < count && queues.Any(q => q.Count > 0))
            foreach (var queue in queues)
                if (taken.Count < count && queue.TryDequeue(out var q)) taken.Add(q);
        return taken;
    }

    private static List<SourcedQuestion> Shuffle(IEnumerable<SourcedQuestion> questions, int seed) =>
        questions.OrderBy(q => DeterministicRandom.Uniform($"split|{seed}|{q.Question.Question}")).ToList();
}
