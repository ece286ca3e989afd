namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// What <c>/metrics</c> and the dashboard show of the parts that come after the request path (the flywheel, the
/// classifier in service, retraining). The gateway that composes them supplies it: Observability, which every stage
/// reports to, imports none of them.
/// </summary>
internal interface IGatewayStatus
{
    /// <summary>Background work dropped because the shadow queue was full.</summary>
    long ShadowDropped { get; }

    /// <summary>Flywheel rows written to Parquet by this process.</summary>
    long FlywheelRowsWritten { get; }

    /// <summary>Flywheel rows the journal refused.</summary>
    long FlywheelRowsLost { get; }

    /// <summary>Whether routing can serve: its classifier is loaded, or routing is off.</summary>
    bool RoutingReady { get; }

    /// <summary>The version of the classifier in service, or null.</summary>
    string? ClassifierVersion { get; }

    /// <summary>The classifier in service as the dashboard shows it (version, created, metrics, data), or null.</summary>
    object? Classifier { get; }

    /// <summary>The latest retrains in this process, newest last.</summary>
    IReadOnlyList<object> Retrains { get; }

    /// <summary>Every model whose scores are watched for drift, and whether it is alarmed now.</summary>
    IReadOnlyList<(string Model, bool Alarmed)> Drift { get; }

    /// <summary>Drift alarms raised since start.</summary>
    long DriftAlarmsRaised { get; }
}
