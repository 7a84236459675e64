using MudBlazor;

namespace WebhookConsole.PushRules;

/// <summary>A scope in the push rules picker: the account, a website, one of its campaigns, or a loyalty program.</summary>
public sealed record PushRuleScopeOption(string Key, PushRuleScope Scope, string Label, string Title, string Noun, string Icon, bool Indent, string? WebsiteId, string Explanation)
{
    public bool IsProgram => Scope.Kind == PushRuleScopes.Program;

    /// <summary>The picker's tree: the account, each website followed by its campaigns, then the programs.</summary>
    public static List<PushRuleScopeOption> All(PushRuleWorkspace w)
    {
        var list = new List<PushRuleScopeOption>
        {
            new("account", PushRuleScope.Account, "Account (all websites)", "Account", "account", Icons.Material.Outlined.Apartment, false, null,
                "Without any rule for an event type, every active integration whose scope covers the event gets it; rules narrow that. Rules here are the default for every website and campaign; websites and campaigns with rules of their own for an event override them."),
        };
        foreach (var site in w.Websites)
        {
            list.Add(new($"website:{site.Id}", new PushRuleScope(PushRuleScopes.Website, site.Id), site.Name, $"{site.Name} ({site.Domain})", "website", Icons.Material.Outlined.Language, false, site.Id,
                $"Website {site.Id}. Rules here override the account for the events they list; campaigns of this website may override them in turn."));
            foreach (var c in w.Campaigns.Where(c => c.WebsiteId == site.Id))
                list.Add(new($"campaign:{c.Id}", new PushRuleScope(PushRuleScopes.Campaign, c.Id), c.Name, c.Name, "campaign", Icons.Material.Outlined.Campaign, true, site.Id,
                    $"Campaign {c.Id} ({c.Type}) on {site.Name}. Rules here override the website and the account for the events they list."));
        }
        foreach (var p in w.Programs)
            list.Add(new($"program:{p.Id}", new PushRuleScope(PushRuleScopes.Program, p.Id), p.Name, p.Name, "program", Icons.Material.Outlined.Loyalty, false, null,
                $"Loyalty program {p.Id}. Every rule of the program applies: an event goes to the destinations of all rules that list it, and nowhere without one."));
        return list;
    }
}
