using System.Buffers;
using System.Diagnostics;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Estimation;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Routing;

/// <summary>The outcome of one routing decision: candidates best first, and whether the head trusted itself.</summary>
public sealed record Decision(Candidate[] Ranked, bool Confident, double Leverage, double ElapsedMs)
{
    /// <summary>The message was too short to carry a domain (<see cref="UtilityPolicy.MinRoutableTokens"/>): ranked fastest first.</summary>
    public bool ShortMessage { get; init; }
}

/// <summary>
/// One classifier version in service: the encoder, the head trained on its embeddings, and the manifest.
/// Immutable once loaded; the registry swaps whole classifiers, so no request sees half of one.
/// </summary>
public sealed class Classifier
{
    public Classifier(OnnxEncoder encoder, RoutingHead head, ClassifierManifest manifest)
    {
        if (head.EmbeddingDim != encoder.Dimension)
            throw new InvalidDataException($"Classifier {manifest.Version}: its head expects {head.EmbeddingDim}-dimensional embeddings, the encoder gives {encoder.Dimension}.");
        (Encoder, Head, Manifest) = (encoder, head, manifest);
    }

    public OnnxEncoder Encoder { get; }
    public RoutingHead Head { get; }
    public ClassifierManifest Manifest { get; }
    public string Version => Manifest.Version;

    /// <summary>Tokenize, encode, estimate every model, rank by the policy's utility.</summary>
    public Decision Decide(string question, UtilityPolicy policy, Func<string, bool> available)
    {
        var clock = Stopwatch.StartNew();
        var floats = ArrayPool<float>.Shared.Rent(Encoder.Dimension);
        try
        {
            var embedding = floats.AsSpan(0, Encoder.Dimension);
            Encoder.Embed(question, embedding);
            var (ranked, leverage) = Head.Rank(embedding, question, policy, available);
            if (IsShort(question, policy.MinRoutableTokens))
                return new Decision(policy.Fastest(ranked), true, leverage, clock.Elapsed.TotalMilliseconds) { ShortMessage = true };
            return new Decision(ranked, leverage <= Head.LeverageThreshold, leverage, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(floats);
        }
    }

    /// <summary>Fewer than <paramref name="minTokens"/> word pieces ([CLS] and [SEP] not counted).</summary>
    private bool IsShort(string question, int minTokens) =>
        minTokens > 0 && Encoder.Tokenizer.Encode(question, minTokens + 2).Length - 2 < minTokens;
}
