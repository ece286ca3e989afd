using System.Text.Json.Serialization;

namespace SemanticRouter.Mock;

[JsonSerializable(typeof(World))]
[JsonSerializable(typeof(LabeledQuestionFile))]
internal sealed partial class MockJsonContext : JsonSerializerContext;
