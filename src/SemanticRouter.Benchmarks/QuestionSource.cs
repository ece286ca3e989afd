using System.Net.Http.Json;
using SemanticRouter.Contracts;

namespace SemanticRouter.Benchmarks;

/// <summary>Questions in the challenge's <c>/questions</c> format, from a URL or a local file.</summary>
public static class QuestionSource
{
    public static async Task<IReadOnlyList<QuestionItem>> LoadAsync(string urlOrFile, CancellationToken ct)
    {
        QuestionList? list;
        if (Uri.TryCreate(urlOrFile, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            list = await http.GetFromJsonAsync(uri, ContractsJson.Context.QuestionList, ct);
        }
        else
        {
            await using var file = File.OpenRead(urlOrFile);
            list = await System.Text.Json.JsonSerializer.DeserializeAsync(file, ContractsJson.Context.QuestionList, ct);
        }
        return list?.Questions ?? throw new InvalidDataException($"No questions in {urlOrFile}.");
    }
}
