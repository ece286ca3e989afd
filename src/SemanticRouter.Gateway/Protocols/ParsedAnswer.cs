namespace SemanticRouter.Gateway.Protocols;

/// <summary>
/// An answer as the gateway needs it whatever the protocol it came in: its text (what is scored and recorded), the
/// model the upstream says answered, and the tokens it used (what keys are charged and metrics count).
/// </summary>
internal sealed record ParsedAnswer(string Text, string? Model, int? PromptTokens, int? CompletionTokens)
{
    public static readonly ParsedAnswer Empty = new("", null, null, null);
}
