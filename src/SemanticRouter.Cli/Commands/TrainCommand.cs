using System.CommandLine;
using SemanticRouter.Routing;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Routing.Registry;
using SemanticRouter.Training;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter train</c>: recorded data → a challenger classifier, checked against the champion, maybe promoted.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The data directory whose flywheel/ to train from.", Required = true };
        var promote = new Option<string>("--promote") { Description = "auto: when it beats the champion by --margin with --confidence on enough held-out questions, and is not worse than the shipped classifier; always; never.", DefaultValueFactory = _ => "auto" };
        promote.AcceptOnlyFromAmong("auto", "always", "never");
        var margin = new Option<double>("--margin") { Description = "Utility the challenger must gain over the champion (auto).", DefaultValueFactory = _ => 0 };
        var minHeldOut = new Option<int>("--min-held-out") { Description = "Held-out questions a promotion needs at least (auto).", DefaultValueFactory = _ => 50 };
        var confidence = new Option<double>("--confidence") { Description = "Share of paired bootstrap resamples in which the challenger must beat the champion (auto).", DefaultValueFactory = _ => 0.95 };
        var feedbackWeight = new Option<double>("--feedback-weight") { Description = "What one client rating weighs against one evaluate score (0: ratings are not learned from).", DefaultValueFactory = _ => 1 };
        var minRows = new Option<int>("--min-rows-per-model") { Description = "Models with fewer scored rows are left out.", DefaultValueFactory = _ => 20 };
        var keep = new Option<int>("--keep-unpromoted") { Description = "Never-promoted versions kept under models/, newest first.", DefaultValueFactory = _ => 10 };
        var encoder = new Option<string>("--encoder") { Description = "Encoder folder (default: the shipped encoder).", DefaultValueFactory = _ => ShippedModels.Encoder };
        var latencyWeight = new Option<double>("--latency-weight") { Description = "λ: utility lost per second of latency.", DefaultValueFactory = _ => new Gateway.Routing.RoutingOptions().LatencyWeight };
        var costWeight = new Option<double>("--cost-weight") { Description = "μ: utility lost per unit of cost.", DefaultValueFactory = _ => new Gateway.Routing.RoutingOptions().CostWeight };
        var command = new Command("train", "Train a routing classifier from recorded data, replay it against the champion, promote it if better.")
        {
            dataDir, promote, margin, minHeldOut, confidence, feedbackWeight, minRows, keep, encoder, latencyWeight, costWeight,
        };
        command.SetAction(parse =>
        {
            using var onnx = OnnxEncoder.Load(parse.GetValue(encoder)!);
            var options = new TrainOptions
            {
                DataDir = parse.GetValue(dataDir)!,
                Promote = parse.GetValue(promote)!,
                Margin = parse.GetValue(margin),
                MinHeldOutQuestions = parse.GetValue(minHeldOut),
                Confidence = parse.GetValue(confidence),
                FeedbackWeight = parse.GetValue(feedbackWeight),
                MinRowsPerModel = parse.GetValue(minRows),
                KeepUnpromoted = Math.Max(1, parse.GetValue(keep)),
                Policy = new UtilityPolicy(parse.GetValue(latencyWeight), parse.GetValue(costWeight)),
            };
            try
            {
                var outcome = TrainJob.Run(options, onnx, Champion(options.DataDir, onnx), Shipped(onnx));
                Console.Write(TrainJob.Describe(outcome));
                return 0;
            }
            catch (NotEnoughDataException e)
            {
                Console.Error.WriteLine($"train: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>The shipped classifier, or null when it does not fit the encoder.</summary>
    private static Classifier? Shipped(OnnxEncoder encoder)
    {
        try
        {
            return ClassifierStore.Load(ShippedModels.Classifier, encoder);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null;
        }
    }

    /// <summary>The promoted classifier of the data directory, else the shipped default; null if neither fits the encoder.</summary>
    internal static Classifier? Champion(string dataDir, OnnxEncoder encoder)
    {
        var store = new ClassifierStore(dataDir);
        foreach (var folder in new[] { store.Champion() is { } v ? store.Folder(v) : null, ShippedModels.Classifier })
        {
            if (folder is null || !File.Exists(Path.Combine(folder, ClassifierManifest.FileName))) continue;
            try
            {
                return ClassifierStore.Load(folder, encoder);
            }
            catch (InvalidDataException)
            {
                // trained on another encoder: not comparable
            }
        }
        return null;
    }
}
