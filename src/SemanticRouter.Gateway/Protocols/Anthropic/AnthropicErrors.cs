using System.Text.Json;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols.Anthropic;

/// <summary>The gateway's own errors as Anthropic's SDKs read them: <c>{"type": "error", "error": {"type", "message"}}</c>.</summary>
internal static class AnthropicErrors
{
    public static byte[] Body(int status, OpenAiError error)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        JsonOut.Json(output, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "error");
            w.WriteStartObject("error");
            w.WriteString("type", Type(status));
            w.WriteString("message", error.Message);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return output.WrittenSpan.ToArray();
    }

    private static string Type(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 or 529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };
}
