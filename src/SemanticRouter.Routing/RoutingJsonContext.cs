using System.Text.Json.Serialization;
using SemanticRouter.Routing.Estimation;

namespace SemanticRouter.Routing;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(RoutingHead))]
[JsonSerializable(typeof(Encoders.EncoderConfig))]
[JsonSerializable(typeof(Encoders.EncoderSignals))]
[JsonSerializable(typeof(Encoders.TextViewFile))]
[JsonSerializable(typeof(ClassifierManifest))]
internal sealed partial class RoutingJsonContext : JsonSerializerContext;
