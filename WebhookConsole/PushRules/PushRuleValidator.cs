using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;
using WebhookConsole.Sources;

namespace WebhookConsole.PushRules;

/// <summary>What push rules may refer to: the known sources and integrations.</summary>
public sealed record PushRuleCatalog(
    IReadOnlyDictionary<string, Website> Websites,
    IReadOnlyDictionary<string, Campaign> Campaigns,
    IReadOnlyDictionary<string, LoyaltyProgram> Programs,
    IReadOnlyDictionary<string, Integration> Integrations)
{
    public static readonly PushRuleCatalog Empty = new(
        new Dictionary<string, Website>(), new Dictionary<string, Campaign>(), new Dictionary<string, LoyaltyProgram>(), new Dictionary<string, Integration>());
}

/// <summary>The one set of push rule checks, used by the API and the push rules page alike. Keys are the API's field names.</summary>
public static class PushRuleValidator
{
    public static Dictionary<string, string[]> Validate(PushRuleRequest r, PushRuleCatalog c, string prefix = "")
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) =>
            errors[prefix + field] = errors.TryGetValue(prefix + field, out var list) ? [.. list, message] : [message];

        var scopeErrors = ValidateScope(r.Scope, c, out var scopeWebsite);
        foreach (var (field, messages) in scopeErrors) errors[prefix + field] = messages;
        var kind = r.Scope?.Kind?.Trim();
        var knownKind = kind is not null && PushRuleScopes.All.Contains(kind, StringComparer.Ordinal);
        var loyaltyScope = kind == PushRuleScopes.Program;

        if (r.EventTypes is null || r.EventTypes.Count == 0)
            Add("eventTypes", "Pick at least one event type.");
        else
            for (var i = 0; i < r.EventTypes.Count; i++)
            {
                var type = r.EventTypes[i]?.Trim();
                if (!EventTypes.IsKnown(type)) Add($"eventTypes[{i}]", $"Unknown event type '{type}'. Known types: {string.Join(", ", EventTypes.All)}.");
                else if (knownKind && loyaltyScope && !EventTypes.IsLoyalty(type!))
                    Add($"eventTypes[{i}]", $"'{EventTypes.Label(type!)}' is a participation event: route it on the account, a website or a campaign, not on a program.");
                else if (knownKind && !loyaltyScope && !EventTypes.IsParticipation(type!))
                    Add($"eventTypes[{i}]", $"'{EventTypes.Label(type!)}' is a loyalty event: route it on its program.");
            }

        if (r.Destinations is null)
            Add("destinations", "destinations is required: the integrations to push to; an empty list means \"push nowhere\".");
        else
            for (var i = 0; i < r.Destinations.Count; i++)
            {
                var id = r.Destinations[i]?.Trim();
                if (string.IsNullOrEmpty(id)) { Add($"destinations[{i}]", "An integration id is required."); continue; }
                if (!c.Integrations.TryGetValue(id, out var integration)) { Add($"destinations[{i}]", $"Integration '{id}' does not exist."); continue; }
                if (!knownKind) continue;
                var expected = PushRuleScopes.IntegrationKindFor(kind!);
                if (integration.Kind != expected)
                    Add($"destinations[{i}]", $"'{integration.Name}' is a {integration.Kind} integration; {(loyaltyScope ? "loyalty" : "participation")} events go to {expected} integrations.");
                else if (integration.WebsiteId is { } only && scopeWebsite is not null && only != scopeWebsite)
                    Add($"destinations[{i}]", $"'{integration.Name}' only receives events of website '{only}'; it would never get events of this {kind}.");
            }
        return errors;
    }

    /// <summary>The scope alone: a known kind, and an existing website, campaign or program (the account has no id).</summary>
    /// <param name="scopeWebsite">The website whose events the scope sees (the campaign's website for a campaign), if any.</param>
    public static Dictionary<string, string[]> ValidateScope(PushRuleScope? scope, PushRuleCatalog c, out string? scopeWebsite)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors[field] = [message];
        var kind = scope?.Kind?.Trim();
        var scopeId = string.IsNullOrWhiteSpace(scope?.Id) ? null : scope!.Id!.Trim();
        scopeWebsite = null;
        if (scope is null) Add("scope", "scope is required: {\"kind\": \"account\"}, or a website, campaign or program with its id.");
        else if (string.IsNullOrEmpty(kind)) Add("scope.kind", "scope.kind is required: account, website, campaign or program.");
        else if (!PushRuleScopes.All.Contains(kind, StringComparer.Ordinal)) Add("scope.kind", $"Unknown scope kind '{kind}'. Use account, website, campaign or program.");
        else if (kind == PushRuleScopes.Account)
        {
            if (scopeId is not null) Add("scope.id", "The account scope has no id; leave scope.id out.");
        }
        else if (scopeId is null) Add("scope.id", $"Pick the {kind} this rule applies to: scope.id is required.");
        else if (kind == PushRuleScopes.Website && !c.Websites.ContainsKey(scopeId)) Add("scope.id", $"Website '{scopeId}' does not exist.");
        else if (kind == PushRuleScopes.Campaign && !c.Campaigns.ContainsKey(scopeId)) Add("scope.id", $"Campaign '{scopeId}' does not exist.");
        else if (kind == PushRuleScopes.Program && !c.Programs.ContainsKey(scopeId)) Add("scope.id", $"Program '{scopeId}' does not exist.");
        if (kind == PushRuleScopes.Website) scopeWebsite = scopeId;
        if (kind == PushRuleScopes.Campaign && scopeId is not null && c.Campaigns.TryGetValue(scopeId, out var campaign)) scopeWebsite = campaign.WebsiteId;
        return errors;
    }
}
