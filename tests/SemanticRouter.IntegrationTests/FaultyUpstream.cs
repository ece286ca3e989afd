using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace SemanticRouter.IntegrationTests;

/// <summary>What the misbehaving upstream does with a request for a model.</summary>
public enum Fault { Answer, Status503, Status429, Hang, CutStream, Reset, EndWithoutDone, SlowStream, StallStream }

/// <summary>
/// A misbehaving OpenAI-compatible upstream on a loopback port, started by the test: per model it answers,
/// fails with 503 or 429, hangs before the first byte, cuts a stream midway, or resets the connection — for
/// the first <c>n</c> calls or for ever; <see cref="Fault.EndWithoutDone"/> closes a stream cleanly after two
/// chunks without its <c>[DONE]</c>; <see cref="Fault.SlowStream"/> streams 20 chunks 500 ms apart (10 s). It counts the calls each model got.
/// </summary>
public sealed class FaultyUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (Fault Fault, int Times)> _faults = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    private FaultyUpstream(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First());

    public int Calls(string model) => _calls.GetValueOrDefault(model);

    /// <summary>Makes <paramref name="model"/> misbehave for its next <paramref name="times"/> calls (default: always).</summary>
    public void Set(string model, Fault fault, int times = int.MaxValue) => _faults[model] = (fault, times);

    public static async Task<FaultyUpstream> StartAsync(params string[] models)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new FaultyUpstream(app);
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = models.Select(m => new { id = m, @object = "model" }) }));
        app.MapPost("/v1/chat/completions", upstream.ChatAsync);
        await app.StartAsync();
        return upstream;
    }

    private async Task ChatAsync(HttpContext context)
    {
        using var document = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
        var model = document.RootElement.GetProperty("model").GetString()!;
        var stream = document.RootElement.TryGetProperty("stream", out var s) && s.GetBoolean();
        var usage = document.RootElement.TryGetProperty("stream_options", out var o) && o.TryGetProperty("include_usage", out var u) && u.GetBoolean();
        _calls.AddOrUpdate(model, 1, (_, n) => n + 1);
        var fault = Fault.Answer;
        if (_faults.TryGetValue(model, out var set) && set.Times > 0)
        {
            fault = set.Fault;
            _faults[model] = (set.Fault, set.Times == int.MaxValue ? set.Times : set.Times - 1);
        }
        var response = context.Response;
        switch (fault)
        {
            case Fault.Status503 or Fault.Status429:
                response.StatusCode = fault == Fault.Status503 ? 503 : 429;
                await response.WriteAsJsonAsync(new { error = new { message = "overloaded", type = "server_error" } });
                return;
            case Fault.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            case Fault.Reset:
                context.Features.Get<IHttpResetFeature>()?.Reset(0);
                context.Abort();
                return;
        }
        var answer = fault == Fault.SlowStream
            ? string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}")) + $" (answered by {model})"
            : $"An answer (answered by {model})";
        if (!stream)
        {
            await response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-1", @object = "chat.completion", created = 1, model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 7, completion_tokens = 5, total_tokens = 12 },
            });
            return;
        }
        response.ContentType = "text/event-stream";
        foreach (var word in answer.Split(' '))
        {
            await response.WriteAsync($"data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"{model}\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{word} \"}},\"finish_reason\":null}}]}}\n\n", Encoding.UTF8);
            await response.Body.FlushAsync();
            if (fault == Fault.SlowStream && word.StartsWith('w')) await Task.Delay(500, context.RequestAborted);
            if (fault == Fault.CutStream)
            {
                await Task.Delay(50);
                context.Abort(); // the connection drops after the first chunk
                return;
            }
            if (fault == Fault.EndWithoutDone && word == "answer") return; // a clean end of the body, no terminator
            if (fault == Fault.StallStream && word == "answer") await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        if (usage)
            await response.WriteAsync($"data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"{model}\",\"choices\":[],\"usage\":{{\"prompt_tokens\":7,\"completion_tokens\":5,\"total_tokens\":12}}}}\n\n");
        await response.WriteAsync("data: [DONE]\n\n");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
