using System.Text;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Tests.Ingress;

/// <summary>What the request parser reads of a conversation for pinning: its identity, its turns, a tool loop.</summary>
public sealed class ConversationTests
{
    private static ChatRequest Parse(string messages) => ChatRequest.Parse(Encoding.UTF8.GetBytes($$"""{"messages":{{messages}}}"""));

    [Fact]
    public void Later_turns_of_a_conversation_share_its_identity_and_count_their_user_messages()
    {
        var first = Parse("""[{"role":"system","content":"你是编程助手"},{"role":"user","content":"写一个快速排序"}]""");
        var later = Parse("""[{"role":"system","content":"你是编程助手"},{"role":"user","content":"写一个快速排序"},{"role":"assistant","content":"def qs(a): ..."},{"role":"user","content":"now make it faster"}]""");
        var other = Parse("""[{"role":"system","content":"you are a poet"},{"role":"user","content":"写一个快速排序"}]""");
        Assert.Equal(first.ConversationSha256, later.ConversationSha256);
        Assert.NotEqual(first.ConversationSha256, other.ConversationSha256);
        Assert.Equal((1, 2), (first.UserMessages, later.UserMessages));
        Assert.Equal("now make it faster", later.Question);
        Assert.Equal("写一个快速排序", first.RoutingText);
        Assert.Equal("now make it faster\n写一个快速排序\n你是编程助手", later.RoutingText);
    }

    [Fact]
    public void A_later_turn_is_read_with_the_user_turns_before_it_newest_first_then_the_system_prompt_within_a_bound()
    {
        var request = Parse("""
            [{"role":"system","content":"be brief"},{"role":"user","content":"write a sonnet"},{"role":"assistant","content":"Shall I compare thee"},
             {"role":"user","content":"now a sql query for the top customers"},{"role":"assistant","content":"SELECT ..."},{"role":"user","content":"make it faster"}]
            """);
        Assert.Equal("make it faster\nnow a sql query for the top customers\nwrite a sonnet\nbe brief", request.RoutingText); // not the assistant's answers

        var longTurns = string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"role":"{{(i % 2 == 0 ? "user" : "assistant")}}","content":"{{new string((char)('a' + i % 26), 1000)}}"}"""));
        var bounded = Parse($$"""[{{longTurns}},{"role":"user","content":"and now?"}]""");
        Assert.Equal(ChatRequest.RoutingTextChars, bounded.RoutingText.Length);
        Assert.StartsWith("and now?\n" + new string('w', 1000) + "\n" + new string('u', 1000), bounded.RoutingText); // user turns 48 and 46
    }

    [Theory]
    [InlineData("""[{"role":"user","content":"weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"sunny"}]""", true)]
    [InlineData("""[{"role":"user","content":"weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]}]""", true)]
    [InlineData("""[{"role":"user","content":"weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"sunny"},{"role":"assistant","content":"It is sunny."},{"role":"user","content":"and tomorrow?"}]""", false)]
    [InlineData("""[{"role":"user","content":"hi"},{"role":"assistant","content":"hello","tool_calls":[]}]""", false)]
    public void A_tool_loop_is_tool_calls_or_results_after_the_last_user_message(string messages, bool inLoop) =>
        Assert.Equal(inLoop, Parse(messages).InToolLoop);
}
