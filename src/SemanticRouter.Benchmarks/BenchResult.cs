namespace SemanticRouter.Benchmarks;

/// <summary>One verify question as the router handled it: who answered, how well, how fast (at the client).</summary>
public sealed record QuestionResult(string Id, string Question, string? Domain, string? Model, double Score, double LatencyMs, bool Failed);

/// <summary>A fixed policy's outcome over the same questions (scores and latencies of the model it picks).</summary>
public sealed record BaselineResult(double Accuracy, double MeanLatencyMs);
