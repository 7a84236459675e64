using WebhookConsole.Integrations;
using WebhookConsole.Sources;

namespace WebhookConsole.PushRules;

/// <summary>Everything the push rules page edits against: the sources, the integrations and the saved rules, by name.</summary>
public sealed record PushRuleWorkspace(
    IReadOnlyList<Website> Websites,
    IReadOnlyList<Campaign> Campaigns,
    IReadOnlyList<LoyaltyProgram> Programs,
    IReadOnlyList<Integration> Integrations,
    IReadOnlyList<PushRule> Rules)
{
    public static PushRuleWorkspace Empty { get; } = new([], [], [], [], []);

    public IReadOnlyDictionary<string, Integration> IntegrationsById { get; } = Integrations.ToDictionary(i => i.Id);

    /// <summary>What the validator checks rules against, as the service does before saving.</summary>
    public PushRuleCatalog Catalog => new(Websites.ToDictionary(w => w.Id), Campaigns.ToDictionary(c => c.Id), Programs.ToDictionary(p => p.Id), IntegrationsById);

    public List<PushRule> RulesOf(PushRuleScope scope) => Rules.Where(r => r.ScopeKind == scope.Kind && r.ScopeId == scope.Id).ToList();
}
