using System.CommandLine;
using SemanticRouter.Benchmarks.Learning;
using SemanticRouter.Routing;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter bench-learning</c>: does the router learn worlds and questions it has never seen? (see <see cref="LearningBenchmark"/>)</summary>
internal static class BenchLearningCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write summary.json and report.md.", Required = true };
        var worlds = new Option<int>("--worlds") { Description = "Generated worlds, besides the default and permuted ones.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Generated worlds use seeds seed+1 … seed+N; questions are drawn with this seed.", DefaultValueFactory = _ => 100 };
        var trainPerDomain = new Option<int>("--train-per-domain") { Description = "Questions collected per domain in a run.", DefaultValueFactory = _ => 300 };
        var verifyPerDomain = new Option<int>("--verify-per-domain") { Description = "Questions routed and scored per domain in a run.", DefaultValueFactory = _ => 150 };
        var splits = new Option<string[]>("--splits") { Description = "held-out, same-source, project (default: all three).", AllowMultipleArgumentsPerToken = true };
        var encoder = new Option<string>("--encoder") { Description = "Encoder folder (default: the shipped encoder).", DefaultValueFactory = _ => ShippedModels.Encoder };
        var publicDir = new Option<string>("--public") { Description = "Folder of the public question sets, used when present.", DefaultValueFactory = _ => "../shared/datasets/public" };
        var allowSeen = new Option<bool>("--allow-seen-sources") { Description = "Run even if the encoder was trained on a held-out source (the report says which)." };
        var compareHeads = new Option<bool>("--compare-heads") { Description = "Also train ML.NET FastTree and LightGBM heads on each run's rows and report them next to the ridge head." };
        var command = new Command("bench-learning", "Collect, train, serve and route in the default, permuted and generated worlds, on held-out and same-source question splits; writes summary.json and report.md.")
        {
            output, worlds, seed, trainPerDomain, verifyPerDomain, splits, encoder, publicDir, allowSeen, compareHeads,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new LearningBenchmarkOptions
            {
                OutDir = parse.GetValue(output)!,
                EncoderPath = parse.GetValue(encoder)!,
                Policy = new Gateway.Routing.RoutingOptions().Policy(),
                PublicFolder = parse.GetValue(publicDir),
                Worlds = Math.Max(0, parse.GetValue(worlds)),
                Seed = parse.GetValue(seed),
                TrainPerDomain = Math.Max(1, parse.GetValue(trainPerDomain)),
                VerifyPerDomain = Math.Max(1, parse.GetValue(verifyPerDomain)),
                Splits = parse.GetValue(splits) is { Length: > 0 } s ? s : [LearningSplit.HeldOutName, LearningSplit.SameSourceName, LearningSplit.ProjectName],
                AllowSeenSources = parse.GetValue(allowSeen),
                CompareHeads = parse.GetValue(compareHeads),
                Command = "./semrouter " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
            };
            try
            {
                var met = await LearningBenchmark.RunAsync(options, ct);
                Console.WriteLine($"bench-learning: report in {Path.Combine(options.OutDir, "report.md")}; all targets met: {(met ? "yes" : "no")}");
                return 0;
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"bench-learning: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
