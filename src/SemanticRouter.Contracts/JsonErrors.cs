using System.Text.Json;

namespace SemanticRouter.Contracts;

/// <summary>
/// What was wrong with a JSON text, in the caller's words: System.Text.Json's messages name its own reader
/// ("isFinalBlock is true", "Expected depth to be zero"), which tells a client nothing.
/// </summary>
public static class JsonErrors
{
    public static string Describe(JsonException e, int? maxDepth = null)
    {
        var message = e.Message;
        var what =
            message.Contains("does not contain any JSON tokens", StringComparison.Ordinal) ? "it is empty"
            : message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase) || message.Contains("depth of", StringComparison.Ordinal) && message.Contains("exceed", StringComparison.Ordinal)
                ? $"it nests deeper than {(maxDepth is { } d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "allowed")} levels"
            : message.Contains("after a single JSON value", StringComparison.Ordinal) ? "something follows the JSON value"
            : message.Contains("isFinalBlock", StringComparison.Ordinal) || message.Contains("Expected depth to be zero", StringComparison.Ordinal)
              || message.Contains("end of data", StringComparison.Ordinal) ? "it ends before the JSON is complete"
            : message.Contains("invalid start of a value", StringComparison.Ordinal) || message.Contains("is invalid after", StringComparison.Ordinal)
              || message.Contains("is invalid within", StringComparison.Ordinal) || message.Contains("is invalid without", StringComparison.Ordinal)
                ? "a character is out of place"
            : message.Contains("could not be converted", StringComparison.Ordinal) ? "a value has the wrong type"
            : "it is not well-formed";
        return e.LineNumber is { } line && e.BytePositionInLine is { } column
            ? $"{what} (line {line + 1}, byte {column + 1})"
            : what;
    }
}
