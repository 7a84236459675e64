using WebhookConsole.Routing;

namespace WebhookConsole.PushRules;

/// <summary>Body of POST and PUT /api/v1/push-rules. An empty <c>destinations</c> list means "push nowhere".</summary>
public sealed record PushRuleRequest(PushRuleScope? Scope, IReadOnlyList<string?>? EventTypes, IReadOnlyList<string?>? Destinations);

/// <summary>A push rule as the API shows it.</summary>
public sealed record PushRuleDto(string Id, PushRuleScope Scope, IReadOnlyList<string> EventTypes, IReadOnlyList<string> Destinations,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Bumped by every change; the ETag of the rule, to send back in If-Match.</summary>
    public int Version { get; init; }

    public static PushRuleDto From(PushRule r) =>
        new(r.Id, new PushRuleScope(r.ScopeKind, r.ScopeId), r.EventTypes, r.Destinations, r.CreatedAt, r.UpdatedAt) { Version = r.Version };
}

/// <summary>One row of the push rules grid: an existing rule (with its id and the version the user saw) or a new one.</summary>
public sealed class PushRuleDraft
{
    public string? Id { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public List<string> EventTypes { get; set; } = [];
    public List<string> Destinations { get; set; } = [];

    public static PushRuleDraft From(PushRule r) => new() { Id = r.Id, UpdatedAt = r.UpdatedAt, EventTypes = [.. r.EventTypes], Destinations = [.. r.Destinations] };

    public PushRuleRequest ToRequest(PushRuleScope scope) => new(scope, EventTypes, Destinations);

    public bool SameAs(PushRule r) => EventTypes.SequenceEqual(r.EventTypes) && Destinations.SequenceEqual(r.Destinations);
}
