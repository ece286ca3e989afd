using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SemanticRouter.IntegrationTests;

/// <summary>Reads a Server-Sent Events response line by line, noting when each event arrived.</summary>
internal static class Sse
{
    public sealed record Event(string Data, string? Content, TimeSpan At);

    public static async Task<List<Event>> ReadEventsAsync(HttpClient http, object body, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType?.ToString());
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<Event>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var data = line["data: ".Length..];
            events.Add(new Event(data, data == "[DONE]" ? null : ContentOf(data), clock.Elapsed));
        }
        return events;
    }

    private static string? ContentOf(string data)
    {
        using var chunk = JsonDocument.Parse(data);
        if (!chunk.RootElement.TryGetProperty("choices", out var choices)) return null; // an error event
        return choices.GetArrayLength() > 0 && choices[0].GetProperty("delta").TryGetProperty("content", out var c)
            ? c.GetString()
            : null;
    }
}
