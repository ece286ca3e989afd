namespace SemanticRouter.Gateway.Shadow;

/// <summary>The <c>Shadow</c> configuration section: background baseline calls and scoring.</summary>
internal sealed class ShadowOptions
{
    public const string Section = "Shadow";

    /// <summary>Record answers at all (rows go to the data directory's flywheel).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The model every routed request is also sent to, in the background.</summary>
    public string BaselineModel { get; set; } = "qwen-max";

    /// <summary>The share of routed requests that get a baseline call (0..1).</summary>
    public double SampleRate { get; set; } = 1.0;

    /// <summary>
    /// The share of explicit-model answers that are scored (routed answers always are). Each score is a call to
    /// the evaluate endpoint; scoring every one costs explicit requests latency and the gateway throughput
    /// (figures in eval/perf/history), for data the router mostly gets from routed and shadow answers.
    /// </summary>
    public double ExplicitScoreRate { get; set; } = 0.1;

    /// <summary>
    /// At most this many explicit-model answers scored a second (0: no cap; the share above still applies). Each
    /// score is an evaluate call that runs beside the next requests; at a few thousand requests a second a tenth of
    /// them scored put that work next to every tenth request, which was the explicit requests' p99 (eval/perf). A
    /// cap by time keeps the evaluator's bill and the tail flat under load and still scores every answer when
    /// traffic is light.
    /// </summary>
    public double MaxExplicitScoresPerSecond { get; set; } = 5;

    /// <summary>Background work waiting beyond this is dropped (and counted), never the user's request.</summary>
    public int QueueCapacity { get; set; } = 1024;

    public int Workers { get; set; } = 4;

    /// <summary>The evaluate endpoint; by default the upstream's <c>/v1/evaluate</c>. Empty: no scoring.</summary>
    public string? EvaluateUrl { get; set; }

    /// <summary>Send every request in training mode, as if it carried <c>X-Training-Mode: true</c>.</summary>
    public bool TrainingModeForAll { get; set; }

    /// <summary>On a graceful stop, how long queued and in-flight background work may still run.</summary>
    public double DrainSeconds { get; set; } = 20;

    /// <summary>How long an answer can be rated with <c>POST /v1/feedback</c> after it was given.</summary>
    public double FeedbackMinutes { get; set; } = 1440;

    /// <summary>At most this many answers are remembered for feedback; the oldest are forgotten first.</summary>
    public int FeedbackCapacity { get; set; } = 100_000;

    /// <summary>The memory those answers may take (their ids, question, model and figures as bytes); the oldest are forgotten first.</summary>
    public double FeedbackMegabytes { get; set; } = 32;
}
