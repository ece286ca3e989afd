using System.Text;

namespace SemanticRouter.Gateway.Protocols.Translation;

/// <summary>The whole of an answer, gathered part by part: what a protocol's whole-answer body or final event holds.</summary>
internal sealed class AnswerSummary
{
    public string? Id { get; private set; }
    public string? Model { get; private set; }
    public StringBuilder Text { get; } = new();
    public SortedDictionary<int, ToolCall> ToolCalls { get; } = [];
    public string? Finish { get; private set; }
    public int? InputTokens { get; private set; }
    public int? OutputTokens { get; private set; }
    public ErrorPart? Error { get; private set; }

    internal sealed record ToolCall(string Id, string Name, StringBuilder Arguments);

    public void Apply(AnswerPart part)
    {
        switch (part)
        {
            case StartPart start:
                Id ??= start.Id;
                Model ??= start.Model;
                break;
            case TextPart text:
                Text.Append(text.Text);
                break;
            case ToolCallPart call:
                if (!ToolCalls.TryGetValue(call.Index, out var c))
                    ToolCalls[call.Index] = c = new ToolCall(call.Id ?? $"call_{Guid.NewGuid():N}", call.Name ?? "", new StringBuilder());
                c.Arguments.Append(call.Arguments);
                break;
            case FinishPart finish:
                Finish = finish.Reason;
                break;
            case UsagePart usage:
                InputTokens = usage.InputTokens ?? InputTokens;
                OutputTokens = usage.OutputTokens ?? OutputTokens;
                break;
            case ErrorPart error:
                Error = error;
                break;
        }
    }

    /// <summary>The text, model and usage of an upstream's answer, read with its protocol's reader.</summary>
    public static ParsedAnswer Read(IAnswerReader reader, ReadOnlySpan<byte> body)
    {
        var parts = new List<AnswerPart>();
        reader.Read(body, parts);
        reader.End(parts);
        var summary = new AnswerSummary();
        foreach (var part in parts) summary.Apply(part);
        return new ParsedAnswer(summary.Text.ToString(), summary.Model, summary.InputTokens, summary.OutputTokens);
    }
}
