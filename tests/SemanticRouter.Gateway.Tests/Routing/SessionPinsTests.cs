using System.Text;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Routing;

namespace SemanticRouter.Gateway.Tests.Routing;

public sealed class SessionPinsTests
{
    private static readonly CatalogModel Coder = TestParts.Model("coder"), Cheap = TestParts.Model("cheap"), Big = TestParts.Model("big");

    private static SessionPins Pins(double margin = 0.05) =>
        new(Options.Create(new RoutingOptions { SessionSwitchMargin = margin }), TimeProvider.System);

    /// <summary>The router's decision: <paramref name="ranked"/> best first with their utilities.</summary>
    private static RouteDecision Decision(params (CatalogModel Model, double Utility)[] ranked) =>
        new(ranked[0].Model, "clf-test", Alternatives: ranked.Select(r => r.Model).ToArray()) { Utilities = ranked.Select(r => r.Utility).ToArray() };

    private static ChatRequest Turn(int users, bool toolLoop = false)
    {
        var messages = new StringBuilder("""[{"role":"system","content":"coding help"},{"role":"user","content":"write quicksort"}""");
        for (var i = 1; i < users; i++) messages.Append($$""",{"role":"assistant","content":"..."},{"role":"user","content":"turn {{i}}"}""");
        if (toolLoop) messages.Append(""",{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"run","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"ok"}""");
        return ChatRequest.Parse(Encoding.UTF8.GetBytes($$"""{"messages":{{messages}}]}"""));
    }

    [Fact]
    public void A_later_turn_keeps_the_model_chosen_at_the_start_unless_another_beats_it_by_the_margin()
    {
        var pins = Pins(margin: 0.05);
        Assert.Equal(("coder", "new"), Served(pins.Apply(null, Turn(1), Decision((Coder, 0.80), (Cheap, 0.70)))));
        // "now make it faster" looks like a cheap question on its own: the conversation stays with its model.
        Assert.Equal(("coder", "kept"), Served(pins.Apply(null, Turn(2), Decision((Cheap, 0.83), (Coder, 0.80)))));
        Assert.Equal(("big", "switched"), Served(pins.Apply(null, Turn(3), Decision((Big, 0.95), (Coder, 0.80)))));
        Assert.Equal(("big", "kept"), Served(pins.Apply(null, Turn(4), Decision((Coder, 0.84), (Big, 0.80)))));
    }

    [Fact]
    public void A_tool_loop_never_switches_however_much_better_another_model_looks()
    {
        var pins = Pins();
        pins.Apply(null, Turn(1), Decision((Coder, 0.80), (Big, 0.70)));
        Assert.Equal(("coder", "tool-loop"), Served(pins.Apply(null, Turn(1, toolLoop: true), Decision((Big, 0.99), (Coder, 0.10)))));
    }

    [Fact]
    public void A_pinned_model_that_cannot_answer_now_is_replaced()
    {
        var pins = Pins();
        pins.Apply(null, Turn(1), Decision((Coder, 0.80), (Big, 0.70)));
        Assert.Equal(("big", "switched"), Served(pins.Apply(null, Turn(1, toolLoop: true), Decision((Big, 0.70), (Cheap, 0.60)))));
    }

    [Fact]
    public void A_session_id_names_the_conversation_and_single_turn_requests_are_routed_on_their_own()
    {
        var pins = Pins();
        pins.Apply("s-1", Turn(1), Decision((Coder, 0.80), (Cheap, 0.70)));
        Assert.Equal(("coder", "kept"), Served(pins.Apply("s-1", Turn(1), Decision((Cheap, 0.82), (Coder, 0.80)))));
        // Without an id the same first message is a new conversation each time: it follows the router.
        pins.Apply(null, Turn(1), Decision((Coder, 0.80), (Cheap, 0.70)));
        Assert.Equal(("cheap", "new"), Served(pins.Apply(null, Turn(1), Decision((Cheap, 0.82), (Coder, 0.80)))));
    }

    [Fact]
    public void With_no_pinning_every_turn_follows_the_router()
    {
        var pins = new SessionPins(Options.Create(new RoutingOptions { MaxSessions = 0 }), TimeProvider.System);
        pins.Apply(null, Turn(1), Decision((Coder, 0.80), (Cheap, 0.70)));
        Assert.Equal("cheap", pins.Apply(null, Turn(2), Decision((Cheap, 0.83), (Coder, 0.80))).Model.Name);
    }

    private static (string, string?) Served(RouteDecision decision) => (decision.Model.Name, decision.Session);
}
