using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Routing;

/// <summary>
/// Keeps a conversation on the model chosen at its start. A conversation is named by the client's <c>x-session-id</c>,
/// or else by its system prompt and first user message. Its first turn pins the model the router chose; a later turn
/// (a second user message, or any turn of a named session) keeps the pinned model unless the router's utility for its
/// choice beats the pinned model's by more than <see cref="RoutingOptions.SessionSwitchMargin"/>; a turn inside a tool
/// loop never switches. A pinned model the router cannot use now (circuit open, gone from the catalog) is replaced.
/// Pins are kept <see cref="RoutingOptions.SessionMinutes"/> after their last turn, at most
/// <see cref="RoutingOptions.MaxSessions"/> of them (the oldest go first).
/// </summary>
internal sealed class SessionPins(IOptions<RoutingOptions> options, TimeProvider time)
{
    private readonly RoutingOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Pin> _pins = new(StringComparer.Ordinal);

    private sealed record Pin(string Model, DateTimeOffset Used);

    public RouteDecision Apply(string? sessionId, ChatRequest request, RouteDecision decision)
    {
        if (_options.MaxSessions <= 0) return decision;
        var now = time.GetUtcNow();
        var key = sessionId is { Length: > 0 } ? "id:" + sessionId : "conversation:" + request.ConversationSha256;
        var laterTurn = sessionId is { Length: > 0 } || request.UserMessages > 1 || request.InToolLoop;
        if (!laterTurn || !_pins.TryGetValue(key, out var pin) || now - pin.Used > TimeSpan.FromMinutes(_options.SessionMinutes))
            return Keep(key, decision with { Session = "new" }, now);

        var ranked = decision.Alternatives ?? [];
        var pinned = Array.FindIndex(ranked.ToArray(), m => m.Name == pin.Model);
        if (pinned < 0 && ranked.Count > 0) return Keep(key, decision with { Session = "switched" }, now); // the pinned model cannot answer now
        if (decision.Model.Name == pin.Model) return Keep(key, decision with { Session = "kept" }, now);
        var stay = pinned >= 0 ? decision with { Model = ranked[pinned] } : decision;
        if (request.InToolLoop || pinned < 0) return Keep(key, stay with { Session = request.InToolLoop ? "tool-loop" : "kept" }, now);

        var chosen = ranked.ToList().FindIndex(m => m.Name == decision.Model.Name);
        var gain = chosen >= 0 && decision.Utilities is { } utilities ? utilities[chosen] - utilities[pinned] : 0;
        // A decision the router is not confident about (the fallback model) is no reason to leave the conversation's model.
        return !decision.Fallback && gain > _options.SessionSwitchMargin
            ? Keep(key, decision with { Session = "switched" }, now)
            : Keep(key, stay with { Session = "kept" }, now);
    }

    private RouteDecision Keep(string key, RouteDecision decision, DateTimeOffset now)
    {
        _pins[key] = new Pin(decision.Model.Name, now);
        if (_pins.Count > _options.MaxSessions) Trim();
        return decision;
    }

    /// <summary>Forgets the least recently used tenth of the pins (rarely: only past the cap).</summary>
    private void Trim()
    {
        foreach (var (key, _) in _pins.OrderBy(p => p.Value.Used).Take(Math.Max(1, _pins.Count / 10)).ToList()) _pins.TryRemove(key, out _);
    }
}
