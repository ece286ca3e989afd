using SemanticRouter.Routing;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Gateway.Routing;

/// <summary>
/// The <c>Routing</c> configuration section: which encoder and classifier, and the policy's knobs; with
/// <see cref="DefaultModel"/> and <see cref="DataDir"/>, which the gateway sets from the <c>Gateway</c> section.
/// </summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>Use the classifier for routed requests; off: every routed request goes to <c>Gateway:DefaultModel</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A folder with <c>model.onnx</c>, <c>vocab.txt</c> and <c>config.json</c> (default: the shipped encoder).</summary>
    public string EncoderPath { get; set; } = ShippedModels.Encoder;

    /// <summary>The classifier that serves while the data directory has no promoted one (default: the shipped one).</summary>
    public string DefaultClassifierPath { get; set; } = ShippedModels.Classifier;

    /// <summary>λ: utility lost per second of expected latency.</summary>
    public double LatencyWeight { get; set; } = 0.35;

    /// <summary>μ: utility lost per unit of expected cost (the catalog's price unit, e.g. USD).</summary>
    public double CostWeight { get; set; }

    /// <summary>
    /// A message with fewer word pieces than this ("hi", "thanks", "ok", "good morning") says nothing the estimates can
    /// place, and needs no expertise: it goes to the model with the lowest latency estimate. 0 ranks every message by utility.
    /// </summary>
    public int MinRoutableTokens { get; set; } = 4;

    /// <summary>ONNX Runtime threads per encoding (each request is encoded on its own; more threads rarely help).</summary>
    public int EncoderThreads { get; set; } = 1;

    /// <summary>How often the registry checks for a newly promoted classifier.</summary>
    public double WatchSeconds { get; set; } = 2;

    /// <summary>Route a later turn on the conversation (its last user message, the turns before it newest first, the system prompt); off: on the last user message alone.</summary>
    public bool ReadConversation { get; set; } = true;

    /// <summary>A later turn of a conversation leaves its pinned model only when the router's choice beats it by more utility than this.</summary>
    public double SessionSwitchMargin { get; set; } = 0.05;

    /// <summary>How long a conversation's pin lasts after its last turn.</summary>
    public double SessionMinutes { get; set; } = 60;

    /// <summary>At most this many conversations pinned (0: no pinning; every turn is routed on its own).</summary>
    public int MaxSessions { get; set; } = 100_000;

    /// <summary>Scored routed answers a newly promoted classifier is judged on, and of the one before it (0: no rollback).</summary>
    public int RollbackAnswers { get; set; } = 200;

    /// <summary>A new champion whose live mean score falls below its predecessor's by more than this is rolled back.</summary>
    public double RollbackDrop { get; set; } = 0.1;

    /// <summary><c>Gateway:DefaultModel</c>: where routed requests go while no classifier serves, and when the router is not confident.</summary>
    public string DefaultModel { get; set; } = "qwen-max";

    /// <summary><c>Gateway:DataDir</c>: where promoted classifiers are found.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>The policy these knobs configure (also what training replays and the label-aware baseline use).</summary>
    public UtilityPolicy Policy() => new(LatencyWeight, CostWeight, DefaultModel, MinRoutableTokens);
}
