using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SemanticRouter.IntegrationTests;

internal static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static object Chat(string? model, string question, bool stream = false) => model is null
        ? new { messages = new[] { new { role = "user", content = question } }, stream }
        : new { model, messages = new[] { new { role = "user", content = question } }, stream };

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    public static Task<HttpResponseMessage> PostChatAsync(this HttpClient http, object body) =>
        http.PostAsJsonAsync("/v1/chat/completions", body);
}
