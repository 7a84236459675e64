using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;

namespace WebhookConsole.Routing;

/// <summary>What an event is routed by: its type and where it comes from (a campaign of a website, or a program).</summary>
public sealed record RoutingSubject(string EventType, string? WebsiteId, string? CampaignId, string? ProgramId);

/// <summary>An integration the event goes to, with the level and rules that send it there.</summary>
public sealed record RouteTarget(Integration Integration, string Level, IReadOnlyList<string> RuleIds);

/// <summary>A destination named by a winning rule that does not get the event, and why.</summary>
public sealed record RouteSkip(string IntegrationId, Integration? Integration, string Level, IReadOnlyList<string> RuleIds, string Reason)
{
    /// <summary>Only inactive: the event is kept for it as a <c>skipped</c> delivery, replayable once it is active again.</summary>
    public bool Inactive => Integration is { Active: false } && Reason == InactiveReason;

    public const string InactiveReason = "The integration is inactive: the event is kept for it as a skipped delivery, which can be replayed once it is active again.";
}

/// <param name="Level">The scope kind whose rules decided (`campaign`, `website`, `account` or `program`); null when no rule routes this event type
/// (participation events then go by the integrations' own scopes, <see cref="ByScope"/>).</param>
/// <param name="Rules">The deciding rules (all listing the event type, all at <paramref name="Level"/>).</param>
public sealed record RouteDecision(string EventType, string? Level, IReadOnlyList<PushRule> Rules, IReadOnlyList<RouteTarget> Targets, IReadOnlyList<RouteSkip> Skipped)
{
    /// <summary>No rule anywhere lists this event type.</summary>
    public bool Unrouted => Level is null;

    /// <summary>No rule lists this participation event type: every participation integration whose scope covers the event gets it.</summary>
    public bool ByScope => Unrouted && !EventTypes.IsLoyalty(EventType);

    /// <summary>A level decided and its rules list no destination: "push nowhere", on purpose, overriding broader levels.</summary>
    public bool PushesNowhere => Level is not null && Rules.All(r => r.Destinations.Count == 0);
}

/// <summary>
/// Push rule resolution, a pure function of the rules and integrations. An integration's scope is the default and push
/// rules narrow it: participation events use the most specific level that has any rule listing the event type —
/// campaign, then website, then account — and only that level; a rule there with no destinations means "push nowhere".
/// With no rule at any level for the event type, every participation integration whose scope (the account, or the
/// event's website) covers the event receives it. Loyalty events use every rule of their program, and need one.
/// Only active integrations of the event's kind receive it, and a website-scoped participation integration only
/// events of its own website; an inactive one that would otherwise receive it keeps it as a skipped delivery.
/// </summary>
public static class PushRuleResolver
{
    public static RouteDecision Resolve(RoutingSubject subject, IEnumerable<PushRule> rules, IReadOnlyDictionary<string, Integration> integrations)
    {
        var listing = rules.Where(r => r.EventTypes.Contains(subject.EventType, StringComparer.Ordinal)).ToList();
        var loyalty = EventTypes.IsLoyalty(subject.EventType);
        string? level = null;
        List<PushRule> deciding = [];
        if (loyalty)
        {
            deciding = subject.ProgramId is null ? [] : listing.Where(r => r.ScopeKind == PushRuleScopes.Program && r.ScopeId == subject.ProgramId).ToList();
            if (deciding.Count > 0) level = PushRuleScopes.Program;
        }
        else
        {
            foreach (var (kind, id) in new[] { (PushRuleScopes.Campaign, subject.CampaignId), (PushRuleScopes.Website, subject.WebsiteId), (PushRuleScopes.Account, null) })
            {
                if (kind != PushRuleScopes.Account && id is null) continue;
                var atLevel = listing.Where(r => r.ScopeKind == kind && (kind == PushRuleScopes.Account || r.ScopeId == id)).ToList();
                if (atLevel.Count == 0) continue;
                level = kind;
                deciding = atLevel;
                break;
            }
        }

        var expectedKind = loyalty ? IntegrationKind.Loyalty : IntegrationKind.Participation;
        var targets = new List<RouteTarget>();
        var skipped = new List<RouteSkip>();
        if (level is not null)
        {
            // Destinations in rule order, each once, with every rule that names it.
            var destinations = deciding
                .SelectMany(r => r.Destinations.Select(d => (Destination: d, Rule: r.Id)))
                .GroupBy(x => x.Destination, StringComparer.Ordinal)
                .Select(g => (Id: g.Key, RuleIds: (IReadOnlyList<string>)g.Select(x => x.Rule).Distinct().ToList()));
            foreach (var (id, ruleIds) in destinations)
            {
                integrations.TryGetValue(id, out var integration);
                Add(integration, id, level, ruleIds, DestinationProblem(integration, id, expectedKind, loyalty, subject));
            }
        }
        else if (!loyalty)
        {
            // No rule: the scopes decide. Stable order, so previews and deliveries list them alike.
            foreach (var integration in integrations.Values
                         .Where(i => i.Kind == IntegrationKind.Participation && (i.WebsiteId is null || i.WebsiteId == subject.WebsiteId))
                         .OrderBy(i => i.Id, StringComparer.Ordinal))
                Add(integration, integration.Id, ScopeLevel, [], integration.Active ? null : RouteSkip.InactiveReason);
        }
        return new RouteDecision(subject.EventType, level, deciding, targets, skipped);

        void Add(Integration? integration, string id, string at, IReadOnlyList<string> ruleIds, string? reason)
        {
            if (reason is null) targets.Add(new RouteTarget(integration!, at, ruleIds));
            else skipped.Add(new RouteSkip(id, integration, at, ruleIds, reason));
        }
    }

    /// <summary>The level named on targets that no rule chose: the integration's own scope covers the event.</summary>
    public const string ScopeLevel = "scope";

    private static string? DestinationProblem(Integration? integration, string id, string expectedKind, bool loyalty, RoutingSubject subject) =>
        integration switch
        {
            null => $"Integration '{id}' no longer exists.",
            _ when integration.Kind != expectedKind =>
                $"It is a {integration.Kind} integration; {(loyalty ? "loyalty" : "participation")} events go to {expectedKind} integrations only.",
            { WebsiteId: { } only } when !loyalty && only != subject.WebsiteId =>
                $"It only receives events of website '{only}'.",
            { Active: false } => RouteSkip.InactiveReason,
            _ => null,
        };
}
