using Bunit;
using MudBlazor.Services;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;
using WebhookConsole.Routing;
using WebhookConsole.Sources;

namespace WebhookConsole.Tests.PushRules;

/// <summary>bUnit: the push rules page's scope picker and routing table.</summary>
[Trait("Lane", "Component")]
public class PushRuleScopeComponentsTests : BunitContext, IAsyncLifetime
{
    private static readonly Website Sunny = new() { Id = "web-1", Name = "Sunny Radio", Domain = "sunny.example", Country = "BE" };
    private static readonly Integration Crm = new() { Id = "int_a", Name = "Shop CRM", Kind = IntegrationKind.Participation, Active = true, Url = "https://a.example" };

    private static readonly PushRuleWorkspace Workspace = new(
        [Sunny, new Website { Id = "web-2", Name = "Rainy FM", Domain = "rainy.example", Country = "NL" }],
        [new Campaign { Id = "cmp-1", WebsiteId = "web-1", Name = "Summer quiz", Type = "quiz" }],
        [new LoyaltyProgram { Id = "prg-1", Name = "Stars" }],
        [Crm],
        [
            new PushRule { Id = "r1", ScopeKind = PushRuleScopes.Website, ScopeId = "web-1", EventTypes = ["participation.completed"], Destinations = ["int_a"] },
            new PushRule { Id = "r2", ScopeKind = PushRuleScopes.Website, ScopeId = "web-1", EventTypes = ["participation.started"], Destinations = [] },
        ]);

    private static readonly List<PushRuleScopeOption> Options = PushRuleScopeOption.All(Workspace);

    public PushRuleScopeComponentsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void The_options_form_a_tree_of_account_websites_with_their_campaigns_and_programs()
    {
        Assert.Equal(["account", "website:web-1", "campaign:cmp-1", "website:web-2", "program:prg-1"], Options.Select(o => o.Key));
        Assert.True(Options[2].Indent);
        Assert.Equal("web-1", Options[2].WebsiteId);
        Assert.Contains("Every rule of the program applies", Options[4].Explanation);
    }

    [Fact]
    public void The_picker_tells_own_rules_from_inherited_ones_and_reports_a_choice()
    {
        string? chosen = null;
        var picker = Render<PushRuleScopePicker>(p => p.Add(x => x.Options, Options).Add(x => x.Rules, Workspace.Rules)
            .Add(x => x.SelectedKey, "website:web-1").Add(x => x.Dirty, true).Add(x => x.OnChoose, key => chosen = key));

        Assert.Contains("2 rules · unsaved", picker.Find("#scope-website-web-1").TextContent);
        Assert.Contains("Inherits from website", picker.Find("#scope-campaign-cmp-1").TextContent);
        Assert.Contains("No rules", picker.Find("#scope-website-web-2").TextContent);
        Assert.Contains("Stars", picker.Markup);

        picker.Find("#scope-program-prg-1").Click();
        Assert.Equal("program:prg-1", chosen);
    }

    [Fact]
    public void The_picker_search_keeps_a_website_whose_campaign_matches()
    {
        var picker = Render<PushRuleScopePicker>(p => p.Add(x => x.Options, Options).Add(x => x.Rules, Workspace.Rules));
        picker.Find("#scope-search").Input("summer");

        Assert.NotEmpty(picker.FindAll("#scope-campaign-cmp-1"));
        Assert.NotEmpty(picker.FindAll("#scope-website-web-1"));
        Assert.Empty(picker.FindAll("#scope-website-web-2"));
        Assert.Empty(picker.FindAll("#scope-program-prg-1"));
        Assert.NotEmpty(picker.FindAll("#scope-account"));
    }

    [Fact]
    public void The_routing_table_says_who_decides_and_where_each_event_goes()
    {
        var campaign = Options.Single(o => o.Key == "campaign:cmp-1");
        var routes = PushRuleScopes.EventTypesFor(PushRuleScopes.Campaign)
            .Select(type => (type, PushRuleResolver.Resolve(new RoutingSubject(type, "web-1", "cmp-1", null), Workspace.Rules, Workspace.IntegrationsById)))
            .ToList();
        var table = Render<PushRuleRoutingTable>(p => p.Add(x => x.Scope, campaign).Add(x => x.Routes, routes).Add(x => x.Websites, Workspace.Websites));

        var completed = table.Find("tr[data-type='participation.completed']");
        Assert.Contains("Inherited from website Sunny Radio", completed.TextContent);
        Assert.Contains("Shop CRM", completed.TextContent);
        Assert.Contains("Nowhere (rule without destination)", table.Find("tr[data-type='participation.started']").TextContent);
        Assert.Contains("Participation started only leads to a delivery", table.Markup);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
