using System.Text.Encodings.Web;
using System.Text.Json;

namespace SemanticRouter.Benchmarks.Perf;

/// <summary>
/// The request bodies every target gets: one per question, as a client would send them (UTF-8, no escaping of
/// non-ASCII text). A routed request carries <c>"model":"auto"</c> to the gateway; the mock and the plain proxy
/// cannot route, so they get the same body with the model the gateway chose for that question, which is the
/// request the gateway itself forwards.
/// </summary>
public static class PerfRequests
{
    public const string ExplicitModel = "qwen-max";
    public const string Path = "/v1/chat/completions";

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Body(string question, string model, bool stream)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteString("content", question);
            json.WriteEndObject();
            json.WriteEndArray();
            if (stream) json.WriteBoolean("stream", true);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The bodies of one kind for one target: <paramref name="routedModels"/> is null for the gateway (it routes).</summary>
    public static IReadOnlyList<byte[]> Bodies(IReadOnlyList<string> questions, RequestKind kind, IReadOnlyList<string>? routedModels) =>
        questions.Select((q, i) => Body(q, !kind.IsRouted ? ExplicitModel : routedModels?[i] ?? "auto", kind.IsStream)).ToList();

    /// <summary>Bodies one a line (compact JSON never holds a raw newline), for <c>semrouter perf-client --bodies</c>.</summary>
    public static void WriteLines(string path, IReadOnlyList<byte[]> bodies)
    {
        using var file = File.Create(path);
        foreach (var body in bodies)
        {
            file.Write(body);
            file.WriteByte((byte)'\n');
        }
    }

    public static IReadOnlyList<byte[]> ReadLines(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var bodies = new List<byte[]>();
        foreach (var line in bytes.AsSpan().Split((byte)'\n'))
        {
            var body = bytes[line];
            if (body.Length > 0) bodies.Add(body);
        }
        return bodies;
    }
}
