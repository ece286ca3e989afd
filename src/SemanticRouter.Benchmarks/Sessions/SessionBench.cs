using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;

namespace SemanticRouter.Benchmarks.Sessions;

/// <summary>One mode's figures over the conversation set.</summary>
public sealed record SessionFigures(string Mode, int Conversations, int Turns, int Switches, double SwitchesPerConversation, double MeanScore, double Cost,
    IReadOnlyDictionary<string, int> PinOutcomes);

/// <summary>
/// <c>semrouter bench-sessions</c>: the multi-turn set (<c>datasets/conversations.json</c>) through three gateways in
/// front of the same mock: <c>pinned</c> (the defaults: routing reads the conversation, conversations are pinned),
/// <c>conversation</c> (reads it, no pins: <c>Routing:MaxSessions</c> 0) and <c>last-message</c> (every turn routed on
/// its last user message alone, no pins: also <c>Routing:ReadConversation</c> false). Each conversation is replayed turn by turn with the answers it got (a tool
/// turn appends the assistant's tool call and the tool's result); a switch is a turn answered by another model than
/// the turn before; every turn is scored as the conversation's task (the world's score of its opening question for
/// the model that answered the turn) and costs its tokens at the world's prices.
/// </summary>
public static class SessionBench
{
    public static async Task<IReadOnlyList<SessionFigures>> RunAsync(string conversationsPath, string worldName, string outDir, string command,
        Action<string> print, CancellationToken ct)
    {
        var world = worldName is "default" or "permuted" ? EmbeddedData.World(worldName) : World.Load(worldName);
        var questions = EmbeddedData.Questions("verify"); // the set the openings come from (ids repeat across sets)
        var conversations = JsonNode.Parse(File.ReadAllText(conversationsPath))!["conversations"]!.AsArray();
        var mock = MockServer.Build(new MockOptions { World = world, Questions = questions, LatencyScale = 0 }, "http://127.0.0.1:0");
        await mock.StartAsync(ct);
        var results = new List<SessionFigures>();
        try
        {
            foreach (var (mode, readConversation, maxSessions) in new[] { ("pinned", "true", "100000"), ("conversation", "true", "0"), ("last-message", "false", "0") })
            {
                var dataDir = Directory.CreateTempSubdirectory("semrouter-sessions-").FullName;
                var gateway = GatewayApp.Build("http://127.0.0.1:0", GatewayApp.ReadConfiguration(null, new Dictionary<string, string?>
                {
                    ["Gateway:Upstream"] = mock.Urls.First(),
                    ["Gateway:DataDir"] = dataDir,
                    ["Shadow:Enabled"] = "false",
                    ["Retrain:Enabled"] = "false",
                    ["Routing:MaxSessions"] = maxSessions,
                    ["Routing:ReadConversation"] = readConversation,
                }), logging: _ => { });
                await gateway.StartAsync(ct);
                try
                {
                    using var http = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()) };
                    results.Add(await ReplayAsync(http, mode, conversations, questions, world, ct));
                }
                finally
                {
                    await gateway.DisposeAsync();
                    Directory.Delete(dataDir, recursive: true);
                }
            }
        }
        finally
        {
            await mock.DisposeAsync();
        }
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "sessions.json"), JsonSerializer.Serialize(new { command, world = world.Name, results },
            new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }), ct);
        print("mode          conversations  turns  switches  switches/conversation  mean score  cost    pin outcomes");
        foreach (var r in results)
            print(string.Create(CultureInfo.InvariantCulture,
                $"{r.Mode,-12} {r.Conversations,14} {r.Turns,6} {r.Switches,9} {r.SwitchesPerConversation,22:F2} {r.MeanScore,11:F4} {r.Cost,6:F4}  {string.Join(", ", r.PinOutcomes.Select(o => $"{o.Key} {o.Value}"))}"));
        return results;
    }

    private static async Task<SessionFigures> ReplayAsync(HttpClient http, string mode, JsonArray conversations, QuestionSet questions, World world,
        CancellationToken ct)
    {
        int turns = 0, switches = 0;
        double score = 0, cost = 0;
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var conversation in conversations)
        {
            var opening = questions.Items.Single(q => q.Id == (string)conversation!["opens"]!);
            var messages = new JsonArray();
            if ((string?)conversation!["system"] is { Length: > 0 } system) messages.Add(Message("system", system));
            messages.Add(Message("user", opening.Question));
            string? previous = null;
            var steps = conversation["turns"]!.AsArray().Prepend(null).ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i]?["user"] is { } user) messages.Add(Message("user", (string)user!));
                else if (steps[i]?["tool"] is { } tool)
                {
                    var call = $"call_{i}";
                    messages.Add(new JsonObject
                    {
                        ["role"] = "assistant", ["content"] = null,
                        ["tool_calls"] = new JsonArray(new JsonObject
                        {
                            ["id"] = call, ["type"] = "function",
                            ["function"] = new JsonObject { ["name"] = (string)tool["name"]!, ["arguments"] = "{}" },
                        }),
                    });
                    messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = call, ["content"] = (string)tool["result"]! });
                }
                using var response = await http.PostAsJsonAsync("/v1/chat/completions", new JsonObject { ["messages"] = messages.DeepClone() }, ct);
                response.EnsureSuccessStatusCode();
                var completion = (await response.Content.ReadFromJsonAsync(ContractsJson.Context.ChatCompletion, ct))!;
                var model = response.Headers.GetValues(GatewayHeaders.Model).Single();
                var worldModel = world.Find(model)!;
                var outcome = response.Headers.TryGetValues(GatewayHeaders.Session, out var values) ? values.Single() : "none";
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                turns++;
                if (previous is not null && previous != model) switches++;
                previous = model;
                score += world.Score(opening, worldModel);
                cost += worldModel.PricePer1kTokens * (completion.Usage?.TotalTokens ?? 0) / 1000;
                messages.Add(Message("assistant", completion.Choices[0].Message.Content ?? ""));
            }
        }
        return new SessionFigures(mode, conversations.Count, turns, switches, (double)switches / conversations.Count, score / turns, cost, outcomes);
    }

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };
}
