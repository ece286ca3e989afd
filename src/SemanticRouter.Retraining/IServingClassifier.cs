using SemanticRouter.Routing;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Routing.Registry;

namespace SemanticRouter.Retraining;

/// <summary>
/// The classifier a gateway serves, as retraining needs it: the encoder its embeddings come from (one ONNX Runtime
/// session per process), the champion a challenger is replayed against, the policy both are judged by, and the swap
/// after a promotion. The gateway that hosts the retrain supplies it; this project knows nothing of the gateway.
/// </summary>
public interface IServingClassifier
{
    /// <summary>The encoder in service; null when none could be loaded (then nothing can be retrained).</summary>
    OnnxEncoder? Encoder { get; }

    /// <summary>The classifier serving now, or null.</summary>
    Classifier? Current { get; }

    /// <summary>The classifier shipped with the build, or null: a challenger must not be worse than it.</summary>
    Classifier? Shipped { get; }

    /// <summary>The promoted classifiers of the data directory and the champion pointer.</summary>
    ClassifierStore Store { get; }

    /// <summary>The routing policy (λ, μ) the gateway routes by, and so the one a challenger is judged by.</summary>
    UtilityPolicy Policy { get; }

    /// <summary>Loads the current champion now.</summary>
    void Reload();
}
