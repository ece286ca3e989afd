using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Observability;

namespace SemanticRouter.Gateway.Evaluation;

/// <summary>
/// Scores an answer with the upstream's <c>POST /v1/evaluate</c>, the only judge of answer quality.
/// Returns the score (-1 when the evaluator refused), or null when scoring failed.
/// </summary>
internal sealed partial class EvaluateClient(Uri? evaluateUrl, ILogger<EvaluateClient> logger, GatewayMetrics? metrics = null) : IAnswerJudge, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public bool Enabled => evaluateUrl is not null;

    public bool Sample() => true;

    public async Task<double?> ScoreAsync(string question, string answer, CancellationToken ct)
    {
        if (evaluateUrl is null) return null;
        // Serialized once, sent with its length: JsonContent would stream it as a chunked upload, which costs both
        // ends more and which some servers in front of a judge refuse.
        var body = JsonSerializer.SerializeToUtf8Bytes(new EvaluateRequest(question, answer), ContractsJson.Context.EvaluateRequest);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var content = new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } };
                using var response = await _http.PostAsync(evaluateUrl, content, ct);
                if ((int)response.StatusCode >= 500 && attempt < 3) continue;
                response.EnsureSuccessStatusCode();
                var result = await response.Content.ReadFromJsonAsync(ContractsJson.Context.EvaluateResponse, ct);
                return result?.Score;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !ct.IsCancellationRequested)
            {
                if (attempt < 3 && e is HttpRequestException) continue;
                metrics?.EvaluateError(e switch
                {
                    HttpRequestException { StatusCode: { } status } => $"status_{(int)status}",
                    HttpRequestException => "connect",
                    TaskCanceledException => "timeout",
                    _ => "unreadable",
                });
                LogFailed(evaluateUrl, e.Message);
                return null;
            }
        }
    }

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scoring with {Url} failed: {Reason}")]
    private partial void LogFailed(Uri url, string reason);
}
