using System.Buffers;
using System.Text.Json;
using SemanticRouter.Routing.Policy;
using System.Text.Json.Serialization;

namespace SemanticRouter.Routing.Estimation;

/// <summary>
/// Per-model estimates from a question's features (encoder embedding, then <see cref="TextFeatures"/>, then a
/// constant 1): linear predictions of the evaluate score and of the latency for every model the head was
/// trained on, plus a leverage test on the embedding that says when a question is unlike anything seen in
/// training (the router then falls back to its configured model). Trained in C# from recorded data.
/// </summary>
public sealed class RoutingHead
{
    [JsonPropertyName("models")] public required string[] Models { get; init; }
    [JsonPropertyName("embedding_dim")] public required int EmbeddingDim { get; init; }

    /// <summary>Row-major [model, feature] weights for the score; features = embedding, text features, 1.</summary>
    [JsonPropertyName("score_weights")] public required float[] ScoreWeights { get; init; }

    /// <summary>Row-major [model, feature] weights for the latency in seconds.</summary>
    [JsonPropertyName("latency_weights")] public required float[] LatencyWeights { get; init; }

    /// <summary>Mean recorded cost of one answer, per model.</summary>
    [JsonPropertyName("mean_cost")] public required double[] MeanCost { get; init; }

    /// <summary>Inverse of the regularised embedding Gram matrix, row-major [(dim + 1)²] (with the constant).</summary>
    [JsonPropertyName("leverage_inverse")] public required float[] LeverageInverse { get; init; }

    /// <summary>Questions with a higher leverage than this are out of what the head knows.</summary>
    [JsonPropertyName("leverage_threshold")] public required double LeverageThreshold { get; init; }

    [JsonIgnore] public int FeatureCount => EmbeddingDim + TextFeatures.Dimension + 1;

    /// <summary>Fills <paramref name="features"/> (length <see cref="FeatureCount"/>) from an embedding and the text.</summary>
    public void Features(ReadOnlySpan<float> embedding, string question, Span<float> features)
    {
        embedding.CopyTo(features);
        TextFeatures.Write(question, features.Slice(EmbeddingDim, TextFeatures.Dimension));
        features[^1] = 1;
    }

    /// <summary>
    /// Every model's estimates for an embedded question, ranked by the policy among those <paramref name="available"/>,
    /// and the question's leverage (how far it lies from the training data). Serving and offline replay both rank here.
    /// </summary>
    public (Candidate[] Ranked, double Leverage) Rank(ReadOnlySpan<float> embedding, string question, UtilityPolicy policy, Func<string, bool> available)
    {
        var floats = ArrayPool<float>.Shared.Rent(FeatureCount);
        var doubles = ArrayPool<double>.Shared.Rent(2 * Models.Length);
        try
        {
            var features = floats.AsSpan(0, FeatureCount);
            var scores = doubles.AsSpan(0, Models.Length);
            var latencies = doubles.AsSpan(Models.Length, Models.Length);
            Features(embedding, question, features);
            Predict(features, scores, latencies);
            return (policy.Rank(Models, scores, latencies, MeanCost, available), Leverage(embedding));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(floats);
            ArrayPool<double>.Shared.Return(doubles);
        }
    }

    public void Predict(ReadOnlySpan<float> features, Span<double> scores, Span<double> latencySeconds)
    {
        var n = FeatureCount;
        for (var m = 0; m < Models.Length; m++)
        {
            scores[m] = Dot(ScoreWeights.AsSpan(m * n, n), features);
            latencySeconds[m] = Math.Max(0, Dot(LatencyWeights.AsSpan(m * n, n), features));
        }
    }

    /// <summary>xᵀ G⁻¹ x over the embedding and the constant: large for questions far from the training data.</summary>
    public double Leverage(ReadOnlySpan<float> embedding)
    {
        var d = EmbeddingDim + 1;
        double total = 0;
        for (var i = 0; i < d; i++)
        {
            var xi = i < EmbeddingDim ? embedding[i] : 1f;
            total += xi * Dot(LeverageInverse.AsSpan(i * d, d), embedding, tailOne: true);
        }
        return total;
    }

    private static double Dot(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, bool tailOne = false)
    {
        var count = tailOne ? weights.Length - 1 : weights.Length;
        var sum = System.Numerics.Tensors.TensorPrimitives.Dot(weights[..count], x[..count]);
        return tailOne ? sum + weights[^1] : sum;
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, RoutingJsonContext.Default.RoutingHead);
    }

    public static RoutingHead Load(string path)
    {
        using var stream = File.OpenRead(path);
        var head = JsonSerializer.Deserialize(stream, RoutingJsonContext.Default.RoutingHead)
            ?? throw new InvalidDataException($"{path} is empty.");
        var n = head.FeatureCount;
        if (head.ScoreWeights.Length != head.Models.Length * n || head.LatencyWeights.Length != head.Models.Length * n
            || head.MeanCost.Length != head.Models.Length || head.LeverageInverse.Length != (head.EmbeddingDim + 1) * (head.EmbeddingDim + 1))
            throw new InvalidDataException($"{path}: weight shapes do not match {head.Models.Length} models × {n} features.");
        return head;
    }
}
