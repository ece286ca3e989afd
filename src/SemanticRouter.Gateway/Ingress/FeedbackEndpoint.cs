using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// <c>POST /v1/feedback</c> <c>{"request_id", "score" (0..1) | "thumbs": "up"|"down", "comment"?}</c>: a client rates
/// an answer it got, by the id of <c>x-semantic-router-request-id</c>. 202 when recorded; 404 for an id the gateway
/// does not know (never seen, or forgotten after <c>Shadow:FeedbackMinutes</c>); 403 when another client key made that
/// request; 400 for a body that is not such a rating.
/// </summary>
internal static class FeedbackEndpoint
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxCommentChars = 4096;

    public static async Task HandleAsync(HttpContext context)
    {
        var sink = context.RequestServices.GetService<IFeedbackSink>()
            ?? throw new GatewayException(503, "Feedback needs the flywheel (Shadow:Enabled).", "service_unavailable", "feedback_unavailable");
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        var rating = Parse(body.Span) with { Key = context.Features.Get<ClientKeys.Entry>()?.Name };
        switch (await sink.RateAsync(rating))
        {
            case FeedbackOutcome.Recorded:
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                await context.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["request_id"] = rating.RequestId, ["score"] = rating.Score });
                break;
            case FeedbackOutcome.OtherKey:
                throw new GatewayException(403, "Only the client key that made a request may rate its answer.", "permission_error", "not_your_request");
            default:
                throw new GatewayException(404, $"No answer with request id '{rating.RequestId}' (unknown, or too old to rate).", "invalid_request_error", "unknown_request_id");
        }
    }

    internal static FeedbackRating Parse(ReadOnlySpan<byte> body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException($"The body is not valid JSON: {e.Message}", null);
        }
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidRequestException("The body must be a JSON object.", null);
        var requestId = root.TryGetProperty("request_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text
            ? text : throw new InvalidRequestException("request_id (a string) is required.", "request_id");
        var hasScore = root.TryGetProperty("score", out var score) && score.ValueKind != JsonValueKind.Null;
        var hasThumbs = root.TryGetProperty("thumbs", out var thumbs) && thumbs.ValueKind != JsonValueKind.Null;
        if (hasScore == hasThumbs) throw new InvalidRequestException("Give exactly one of score (0..1) and thumbs (\"up\" or \"down\").", "score");
        double value;
        if (hasScore)
        {
            if (score.ValueKind != JsonValueKind.Number || !score.TryGetDouble(out value) || value is < 0 or > 1 || double.IsNaN(value))
                throw new InvalidRequestException("score must be a number from 0 to 1.", "score");
        }
        else
        {
            value = thumbs.ValueKind == JsonValueKind.String ? thumbs.GetString() switch { "up" => 1, "down" => 0, _ => -1 } : -1;
            if (value < 0) throw new InvalidRequestException("thumbs must be \"up\" or \"down\".", "thumbs");
        }
        string? comment = null;
        if (root.TryGetProperty("comment", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            comment = c.ValueKind == JsonValueKind.String ? c.GetString() : throw new InvalidRequestException("comment must be a string.", "comment");
            if (comment!.Length > MaxCommentChars) throw new InvalidRequestException($"comment is longer than {MaxCommentChars} characters.", "comment");
        }
        return new FeedbackRating(requestId, value, comment, null);
    }
}
