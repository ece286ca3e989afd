using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// The Responses API and Anthropic Messages as clients speak them, and Anthropic-style upstreams (the mock speaking
/// Messages for a model its world marks), through the real gateway: routing, translation both ways, records.
/// </summary>
public sealed class ProtocolTests
{
    private static readonly QuestionSet Verify = EmbeddedData.Questions("verify");
    private const string AnthropicModel = "qwen-math-7b";

    private static readonly Dictionary<string, string?> RouteToAnthropicModel =
        new() { ["Gateway:DefaultModel"] = AnthropicModel, ["Routing:Enabled"] = "false" };

    private static void MarkAnthropic(World world) => world.Find(AnthropicModel)!.Protocol = WorldModel.AnthropicMessages;

    private static Task<HttpResponseMessage> Post(HttpClient http, string path, string json) => http.PostAsync(path, Json.Body(json));

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    [Fact]
    public async Task A_responses_request_is_routed_answered_as_a_response_and_recorded_with_its_protocol()
    {
        await using var servers = await TestServers.StartAsync();
        var question = Verify.Items[0].Question;
        using var response = await Post(servers.Http, "/v1/responses",
            $$"""{"model": "auto", "instructions": "Be brief.", "input": [{"role": "user", "content": [{"type": "input_text", "text": {{Quote(question)}}}]}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        var model = response.Headers.GetValues(GatewayHeaders.Model).Single();
        Assert.Equal("response", body.GetProperty("object").GetString());
        Assert.Equal("completed", body.GetProperty("status").GetString());
        var text = body.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString();
        Assert.EndsWith($"(answered by {model})", text);
        Assert.True(body.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);

        Assert.Equal(1, await FlywheelFiles.WaitForAsync(servers.DataDir, 1, "mode = 'routed' AND score IS NOT NULL"));
        var rows = FlywheelFiles.Query(servers.DataDir, "SELECT protocol, question, model FROM ROWS WHERE mode = 'routed'");
        Assert.Equal(("openai-responses", question, model), (rows[0, "protocol"], rows[0, "question"], rows[0, "model"]));
    }

    [Fact]
    public async Task A_responses_stream_sends_created_text_deltas_and_completed_with_usage()
    {
        await using var servers = await TestServers.StartAsync();
        using var response = await Post(servers.Http, "/v1/responses",
            $$"""{"model": "qwen-code-32b", "input": {{Quote(Verify.Items[1].Question)}}, "stream": true}""");
        var events = await Events(response);
        Assert.Equal("response.created", events[0].Name);
        Assert.Equal("response.completed", events[^1].Name);
        var deltas = string.Concat(events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString()));
        Assert.EndsWith("(answered by qwen-code-32b)", deltas);
        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal(deltas, completed.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(completed.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
    }

    [Fact]
    public async Task A_response_echoes_the_requests_tools_and_tool_choice_whole_and_streamed()
    {
        await using var servers = await TestServers.StartAsync();
        // Line breaks inside the client's JSON, as SDKs that indent a tool's schema send it: the echo must not break an event.
        const string tools = """
            [{"type": "function", "name": "lookup", "description": "Looks it up",
              "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}]
            """;
        var request = $$"""{"model": "qwen-max", "input": {{Quote(Verify.Items[1].Question)}}, "tools": {{tools}}, "tool_choice": "required"}""";
        void EchoesTools(JsonElement response)
        {
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(tools), System.Text.Json.Nodes.JsonNode.Parse(response.GetProperty("tools").GetRawText())));
            Assert.Equal("required", response.GetProperty("tool_choice").GetString());
        }

        using var whole = await Post(servers.Http, "/v1/responses", request);
        var body = await Json.ReadAsync(whole);
        EchoesTools(body);
        Assert.Equal(("function_call", "lookup"), (body.GetProperty("output")[0].GetProperty("type").GetString(), body.GetProperty("output")[0].GetProperty("name").GetString()));

        var events = await Events(await Post(servers.Http, "/v1/responses", request[..^1] + """, "stream": true}"""));
        EchoesTools(events.Single(e => e.Name == "response.created").Data.GetProperty("response"));
        EchoesTools(events.Single(e => e.Name == "response.completed").Data.GetProperty("response"));

        using var plain = await Post(servers.Http, "/v1/responses", $$"""{"model": "qwen-max", "input": "hi", "tool_choice": {"type": "function", "name": "lookup"}, "tools": {{tools}}}""");
        var named = await Json.ReadAsync(plain);
        Assert.Equal("lookup", named.GetProperty("tool_choice").GetProperty("name").GetString());
        using var none = await Post(servers.Http, "/v1/responses", """{"model": "qwen-max", "input": "hi"}""");
        var untooled = await Json.ReadAsync(none);
        Assert.Equal((0, "auto"), (untooled.GetProperty("tools").GetArrayLength(), untooled.GetProperty("tool_choice").GetString()));
    }

    [Fact]
    public async Task A_messages_request_with_x_api_key_is_answered_as_anthropic_whole_and_streamed()
    {
        const string key = "sk-anthropic-client";
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["SEMROUTER_API_KEYS"] = key });
        servers.Http.DefaultRequestHeaders.Add("x-api-key", key);
        var question = Verify.Items[2].Question;
        using var whole = await Post(servers.Http, "/v1/messages",
            $$"""{"model": "qwen-writing-7b", "max_tokens": 200, "system": "Be brief.", "messages": [{"role": "user", "content": {{Quote(question)}}}]}""");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        var message = await Json.ReadAsync(whole);
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("end_turn", message.GetProperty("stop_reason").GetString());
        Assert.EndsWith("(answered by qwen-writing-7b)", message.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(message.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);

        using var streamed = await Post(servers.Http, "/v1/messages",
            $$"""{"model": "auto", "max_tokens": 200, "stream": true, "messages": [{"role": "user", "content": [{"type": "text", "text": {{Quote(question)}}}]}]}""");
        var events = await Events(streamed);
        Assert.Equal(["message_start", "content_block_start"], events.Take(2).Select(e => e.Name));
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], events.TakeLast(3).Select(e => e.Name));
        var text = string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta").GetProperty("text").GetString()));
        Assert.EndsWith($"(answered by {streamed.Headers.GetValues(GatewayHeaders.Model).Single()})", text);
        Assert.True(events[^2].Data.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);

        servers.Http.DefaultRequestHeaders.Remove("x-api-key");
        using var refused = await Post(servers.Http, "/v1/messages", """{"model": "auto", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}""");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Unknown_v1_paths_get_a_json_404_and_models_can_be_retrieved_one_by_one()
    {
        await using var servers = await TestServers.StartAsync();
        using var unknown = await servers.Http.PostAsync("/v1/assistants", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown_endpoint", (await Json.ReadAsync(unknown)).GetProperty("error").GetProperty("code").GetString());

        var model = await servers.Http.GetFromJsonAsync<JsonElement>("/v1/models/qwen-max");
        Assert.Equal(("qwen-max", "model"), (model.GetProperty("id").GetString(), model.GetProperty("object").GetString()));
        Assert.Equal("auto", (await servers.Http.GetFromJsonAsync<JsonElement>("/v1/models/auto")).GetProperty("id").GetString());
        using var missing = await servers.Http.GetAsync("/v1/models/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("model_not_found", (await Json.ReadAsync(missing)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_chat_request_reaches_an_anthropic_style_model_translated_both_ways_and_is_scored()
    {
        await using var servers = await TestServers.StartAsync(settings: RouteToAnthropicModel, editWorld: MarkAnthropic);
        var question = Verify.Items[0].Question;
        using var whole = await servers.Http.PostChatAsync(Json.Chat("auto", question));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        var completion = await Json.ReadAsync(whole);
        Assert.Equal(AnthropicModel, completion.GetProperty("model").GetString());
        Assert.Equal("stop", completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.EndsWith($"(answered by {AnthropicModel})", completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.True(completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);

        var events = await Sse.ReadEventsAsync(servers.Http, new
        {
            model = AnthropicModel, stream = true, stream_options = new { include_usage = true },
            messages = new[] { new { role = "user", content = question } },
        });
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.EndsWith($"(answered by {AnthropicModel})", string.Concat(events.Select(e => e.Content)));
        Assert.Contains(events, e => e.Data.Contains("\"total_tokens\"", StringComparison.Ordinal));

        // The routed answer and the baseline's shadow answer are both scored: the flywheel reads Anthropic answers too.
        Assert.Equal(2, await FlywheelFiles.WaitForAsync(servers.DataDir, 2, "mode IN ('routed', 'shadow') AND score > 0"));
    }

    [Fact]
    public async Task Tool_calls_cross_the_translation_whole_and_streamed()
    {
        await using var servers = await TestServers.StartAsync(editWorld: MarkAnthropic);
        const string tools = """[{"type": "function", "function": {"name": "lookup", "description": "Looks it up", "parameters": {"type": "object", "properties": {"question": {"type": "string"}}}}}]""";
        var request = $$"""{"model": "{{AnthropicModel}}", "tools": {{tools}}, "tool_choice": "required", "messages": [{"role": "user", "content": "what is 2+2?"}]}""";
        using var whole = await Post(servers.Http, "/v1/chat/completions", request);
        var choice = (await Json.ReadAsync(whole)).GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.Equal("lookup", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.ValueKind);
        var callId = call.GetProperty("id").GetString();

        using var streamed = await Post(servers.Http, "/v1/chat/completions", request[..^1] + """, "stream": true}""");
        var chunks = (await Events(streamed)).Where(e => e.Data.ValueKind == JsonValueKind.Object).Select(e => e.Data).ToList();
        var deltas = chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray()).ToList();
        Assert.Contains(deltas, d => d.GetProperty("delta").TryGetProperty("tool_calls", out var calls) && calls[0].GetProperty("function").TryGetProperty("name", out var n) && n.GetString() == "lookup");
        Assert.Equal("tool_calls", deltas.Last(d => d.GetProperty("finish_reason").ValueKind == JsonValueKind.String).GetProperty("finish_reason").GetString());

        // The tool's result goes back as a tool message; the Anthropic model answers the user's question in text.
        var followUp = "{\"model\": \"" + AnthropicModel + "\", \"tools\": " + tools + ", \"messages\": [{\"role\": \"user\", \"content\": \"what is 2+2?\"}, "
            + "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"" + callId + "\", \"type\": \"function\", \"function\": {\"name\": \"lookup\", \"arguments\": \"{}\"}}]}, "
            + "{\"role\": \"tool\", \"tool_call_id\": \"" + callId + "\", \"content\": \"4\"}]}";
        using var answered = await Post(servers.Http, "/v1/chat/completions", followUp);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("stop", (await Json.ReadAsync(answered)).GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Responses_and_messages_clients_reach_an_anthropic_style_model()
    {
        await using var servers = await TestServers.StartAsync(editWorld: MarkAnthropic);
        var question = Verify.Items[3].Question;
        using var response = await Post(servers.Http, "/v1/responses", $$"""{"model": "{{AnthropicModel}}", "input": {{Quote(question)}}, "max_output_tokens": 300}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith($"(answered by {AnthropicModel})", (await Json.ReadAsync(response)).GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());

        using var message = await Post(servers.Http, "/v1/messages",
            $$"""{"model": "{{AnthropicModel}}", "max_tokens": 300, "stream": true, "messages": [{"role": "user", "content": {{Quote(question)}}}]}""");
        var events = await Events(message);
        Assert.Equal("message_stop", events[^1].Name);
        Assert.EndsWith($"(answered by {AnthropicModel})",
            string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta").GetProperty("text").GetString())));
        Assert.Equal(2, await FlywheelFiles.WaitForAsync(servers.DataDir, 2, "mode = 'explicit' AND score > 0"));
        var protocols = FlywheelFiles.Query(servers.DataDir, "SELECT protocol FROM ROWS WHERE mode = 'explicit' ORDER BY protocol");
        Assert.Equal(("anthropic-messages", "openai-responses"), (protocols[0, "protocol"], protocols[1, "protocol"]));
    }

    [Fact]
    public async Task Training_mode_over_a_mixed_catalog_scores_every_model_the_anthropic_one_included()
    {
        await using var servers = await TestServers.StartAsync(editWorld: MarkAnthropic);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = Json.Body($$"""{"model": "auto", "max_tokens": 300, "messages": [{"role": "user", "content": {{Quote(Verify.Items[0].Question)}}}]}"""),
        };
        request.Headers.Add("X-Training-Mode", "true");
        using var response = await servers.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message", (await Json.ReadAsync(response)).GetProperty("type").GetString());
        var scores = response.Headers.GetValues(GatewayHeaders.Scores).Single();
        Assert.Matches($"{AnthropicModel}=0\\.\\d+", scores);
        Assert.Equal(13, await FlywheelFiles.WaitForAsync(servers.DataDir, 13, "mode = 'training' AND score IS NOT NULL AND protocol = 'anthropic-messages'"));
    }

    [Fact]
    public async Task A_training_mode_stream_delivers_the_winners_tool_calls_in_the_clients_protocol()
    {
        await using var servers = await TestServers.StartAsync(editWorld: MarkAnthropic);
        const string tools = """[{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object", "properties": {}}}}]""";
        using var chat = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json.Body($$"""{"model": "auto", "stream": true, "tools": {{tools}}, "tool_choice": "required", "messages": [{"role": "user", "content": {{Quote(Verify.Items[0].Question)}}}]}"""),
        };
        chat.Headers.Add("X-Training-Mode", "true");
        using var chatResponse = await servers.Http.SendAsync(chat);
        var winner = chatResponse.Headers.GetValues(GatewayHeaders.Model).Single();
        var deltas = (await Events(chatResponse)).Where(e => e.Data.ValueKind == JsonValueKind.Object)
            .SelectMany(e => e.Data.GetProperty("choices").EnumerateArray()).ToList();
        var call = deltas.Select(d => d.GetProperty("delta")).Single(d => d.TryGetProperty("tool_calls", out _)).GetProperty("tool_calls")[0];
        Assert.Equal("lookup", call.GetProperty("function").GetProperty("name").GetString());
        // The winner may be the Anthropic-style model (by score, then by latency): its call keeps the id it was given.
        Assert.StartsWith(winner == AnthropicModel ? "toolu_" : "call", call.GetProperty("id").GetString());
        Assert.Equal(winner, JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("model").GetString());
        Assert.Equal("tool_calls", deltas.Last(d => d.GetProperty("finish_reason").ValueKind == JsonValueKind.String).GetProperty("finish_reason").GetString());

        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = Json.Body($$"""{"model": "auto", "max_tokens": 300, "stream": true, "tools": [{"name": "lookup", "input_schema": {"type": "object"} }], "tool_choice": {"type": "any"}, "messages": [{"role": "user", "content": {{Quote(Verify.Items[0].Question)}}}]}"""),
        };
        message.Headers.Add("X-Training-Mode", "true");
        var events = await Events(await servers.Http.SendAsync(message));
        var block = events.Single(e => e.Name == "content_block_start").Data.GetProperty("content_block");
        Assert.Equal(("tool_use", "lookup"), (block.GetProperty("type").GetString(), block.GetProperty("name").GetString()));
        Assert.Equal("tool_use", events.Single(e => e.Name == "message_delta").Data.GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task What_cannot_be_translated_is_refused_with_a_clear_400()
    {
        await using var servers = await TestServers.StartAsync(editWorld: MarkAnthropic);
        using var twoChoices = await Post(servers.Http, "/v1/chat/completions",
            $$"""{"model": "{{AnthropicModel}}", "n": 2, "messages": [{"role": "user", "content": "hi"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, twoChoices.StatusCode);
        Assert.Contains("'n'", (await Json.ReadAsync(twoChoices)).GetProperty("error").GetProperty("message").GetString());

        using var stored = await Post(servers.Http, "/v1/responses", """{"model": "auto", "input": "hi", "previous_response_id": "resp_1"}""");
        Assert.Equal(HttpStatusCode.BadRequest, stored.StatusCode);
        Assert.Equal("previous_response_id", (await Json.ReadAsync(stored)).GetProperty("error").GetProperty("param").GetString());

        using var serverTool = await Post(servers.Http, "/v1/messages",
            """{"model": "qwen-max", "max_tokens": 10, "tools": [{"type": "web_search_20250305", "name": "web_search"}], "messages": [{"role": "user", "content": "hi"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, serverTool.StatusCode);
        var anthropicError = await Json.ReadAsync(serverTool);
        Assert.Equal(("error", "invalid_request_error"), (anthropicError.GetProperty("type").GetString(), anthropicError.GetProperty("error").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Media_goes_only_to_models_that_accept_it_whatever_the_client_protocol()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:DefaultModel"] = "qwen-math-7b" },
            editWorld: world => world.Find("qwen-writing-32b")!.Accepts = ["image"]);
        const string image = "data:image/png;base64,iVBORw0KGgo=";
        const string chatImage = "{\"type\": \"image_url\", \"image_url\": {\"url\": \"" + image + "\"}}";
        const string anthropicImage = """{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}""";
        var question = Verify.Items[0].Question;
        var chat = $$"""{"model": "auto", "messages": [{"role": "user", "content": [{"type": "text", "text": {{Quote(question)}}}, {{chatImage}}]}]}""";
        using var routed = await Post(servers.Http, "/v1/chat/completions", chat);
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        Assert.Equal("qwen-writing-32b", routed.Headers.GetValues(GatewayHeaders.Model).Single());

        using var explicitModel = await Post(servers.Http, "/v1/chat/completions", chat.Replace("\"auto\"", "\"qwen-max\""));
        Assert.Equal(HttpStatusCode.BadRequest, explicitModel.StatusCode);
        Assert.Equal("unsupported_content", (await Json.ReadAsync(explicitModel)).GetProperty("error").GetProperty("code").GetString());

        using var response = await Post(servers.Http, "/v1/responses",
            $$"""{"model": "auto", "input": [{"role": "user", "content": [{"type": "input_text", "text": {{Quote(question)}}}, {"type": "input_image", "image_url": "{{image}}"}]}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("qwen-writing-32b", response.Headers.GetValues(GatewayHeaders.Model).Single());

        using var message = await Post(servers.Http, "/v1/messages",
            $$"""{"model": "auto", "max_tokens": 100, "messages": [{"role": "user", "content": [{{anthropicImage}}, {"type": "text", "text": {{Quote(question)}}}]}]}""");
        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Equal("qwen-writing-32b", message.Headers.GetValues(GatewayHeaders.Model).Single());
        Assert.Equal(["image"], (await servers.Http.GetFromJsonAsync<JsonElement>("/v1/models/qwen-writing-32b")).GetProperty("accepts").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Embeddings_go_to_the_configured_embedding_model_and_unconfigured_ones_get_a_json_404()
    {
        await using (var unconfigured = await TestServers.StartAsync())
        {
            using var refused = await Post(unconfigured.Http, "/v1/embeddings", """{"input": "hi"}""");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("model_not_found", (await Json.ReadAsync(refused)).GetProperty("error").GetProperty("code").GetString());
        }
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:EmbeddingModel"] = "mock-embedding" });
        using var response = await Post(servers.Http, "/v1/embeddings", """{"model": "auto", "input": ["first text", "second text"]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal("mock-embedding", body.GetProperty("model").GetString());
        Assert.Equal([8, 8], body.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("embedding").GetArrayLength()));
        Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
    }

    private sealed record Event(string? Name, JsonElement Data);

    /// <summary>The events of an SSE response, each with its <c>event:</c> name and its data as JSON (<c>[DONE]</c> as a string).</summary>
    private static async Task<List<Event>> Events(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType?.ToString());
        var events = new List<Event>();
        string? name = null;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = line[6..];
                events.Add(new Event(name, data == "[DONE]" ? JsonSerializer.SerializeToElement(data) : JsonDocument.Parse(data).RootElement.Clone()));
                name = null;
            }
        }
        return events;
    }
}
