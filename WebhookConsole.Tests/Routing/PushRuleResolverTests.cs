using WebhookConsole.Integrations;
using WebhookConsole.PushRules;
using WebhookConsole.Routing;

namespace WebhookConsole.Tests.Routing;

/// <summary>Rule resolution, one row per situation. Rules are written "scope[:id] type,type -> dest,dest".</summary>
[Trait("Lane", "Unit")]
public class PushRuleResolverTests
{
    private const string Completed = "participation.completed";
    private const string Started = "participation.started";
    private const string Earned = "loyalty.points_earned";

    private static readonly Dictionary<string, Integration> Integrations = new[]
    {
        Make("acct", IntegrationKind.Participation),
        Make("crm", IntegrationKind.Participation),
        Make("site1", IntegrationKind.Participation, websiteId: "web-1"),
        Make("site2", IntegrationKind.Participation, websiteId: "web-2"),
        Make("off", IntegrationKind.Participation, active: false),
        Make("loy", IntegrationKind.Loyalty),
        Make("loy2", IntegrationKind.Loyalty),
        Make("loyoff", IntegrationKind.Loyalty, active: false),
    }.ToDictionary(i => i.Id);

    private static Integration Make(string id, string kind, string? websiteId = null, bool active = true) =>
        new() { Id = id, Name = id, Url = "https://x.example/" + id, Kind = kind, WebsiteId = websiteId, Active = active };

    // name, rules, event type, website, campaign, program, expected level, expected targets, expected skipped ("id: reason fragment")
    public static TheoryData<string, string[], string, string?, string?, string?, string?, string[], string[]> Cases => new()
    {
        { "no rules: every participation integration whose scope covers the event", [], Completed, "web-1", "cmp-1", null, null, ["acct", "crm", "site1"], ["off: inactive"] },
        { "no rules: another website's events skip the integration of web-1", [], Completed, "web-2", "cmp-3", null, null, ["acct", "crm", "site2"], ["off: inactive"] },
        { "account rule", ["account completed -> acct"], Completed, "web-1", "cmp-1", null, "account", ["acct"], [] },
        { "account rule for another type only: the scopes decide this type", ["account started -> acct"], Completed, "web-1", "cmp-1", null, null, ["acct", "crm", "site1"], ["off: inactive"] },
        { "a campaign rule without destinations silences that campaign only", ["campaign:cmp-1 completed ->"], Completed, "web-1", "cmp-1", null, "campaign", [], [] },
        { "... while the campaign next to it goes by the scopes", ["campaign:cmp-1 completed ->"], Completed, "web-1", "cmp-2", null, null, ["acct", "crm", "site1"], ["off: inactive"] },
        { "website over account", ["account completed -> acct", "website:web-1 completed -> crm"], Completed, "web-1", "cmp-1", null, "website", ["crm"], [] },
        { "campaign over website and account", ["account completed -> acct", "website:web-1 completed -> crm", "campaign:cmp-1 completed -> site1"], Completed, "web-1", "cmp-1", null, "campaign", ["site1"], [] },
        { "campaign rule of another type does not override", ["website:web-1 completed -> crm", "campaign:cmp-1 started -> site1"], Completed, "web-1", "cmp-1", null, "website", ["crm"], [] },
        { "campaign rule for the type with no destinations pushes nowhere", ["account completed -> acct", "campaign:cmp-1 completed ->"], Completed, "web-1", "cmp-1", null, "campaign", [], [] },
        { "website rule with no destinations pushes nowhere", ["account completed -> acct", "website:web-1 completed,started ->"], Completed, "web-1", "cmp-1", null, "website", [], [] },
        { "another website's rule is ignored", ["account completed -> acct", "website:web-2 completed -> crm"], Completed, "web-1", "cmp-1", null, "account", ["acct"], [] },
        { "another campaign's rule is ignored", ["website:web-1 completed -> crm", "campaign:cmp-2 completed -> acct"], Completed, "web-1", "cmp-1", null, "website", ["crm"], [] },
        { "several rules at the winning level are united", ["campaign:cmp-1 completed -> acct", "campaign:cmp-1 completed,started -> crm,acct"], Completed, "web-1", "cmp-1", null, "campaign", ["acct", "crm"], [] },
        { "inactive integration is skipped", ["account completed -> off,acct"], Completed, "web-1", "cmp-1", null, "account", ["acct"], ["off: inactive"] },
        { "loyalty integration in a participation rule is skipped", ["account completed -> loy"], Completed, "web-1", "cmp-1", null, "account", [], ["loy: loyalty integration"] },
        { "website-scoped integration gets its website's events", ["account completed -> site1,site2"], Completed, "web-1", "cmp-1", null, "account", ["site1"], ["site2: website 'web-2'"] },
        { "website-scoped integration does not get other websites' events", ["account completed -> site1"], Completed, "web-2", "cmp-3", null, "account", [], ["site1: website 'web-1'"] },
        { "deleted integration is skipped", ["account completed -> gone,acct"], Completed, "web-1", "cmp-1", null, "account", ["acct"], ["gone: no longer exists"] },
        { "started is routed by its own rules", ["account completed -> acct", "campaign:cmp-1 started -> crm"], Started, "web-1", "cmp-1", null, "campaign", ["crm"], [] },
        { "loyalty: every rule of the program", ["program:prg-1 loyalty.points_earned -> loy", "program:prg-1 loyalty.points_earned,loyalty.level_changed -> loy2"], Earned, null, null, "prg-1", "program", ["loy", "loy2"], [] },
        { "loyalty: other programs' rules are ignored", ["program:prg-2 loyalty.points_earned -> loy"], Earned, null, null, "prg-1", null, [], [] },
        { "loyalty: rules for other types are ignored", ["program:prg-1 loyalty.level_changed -> loy"], Earned, null, null, "prg-1", null, [], [] },
        { "loyalty: inactive and participation integrations are skipped", ["program:prg-1 loyalty.points_earned -> loyoff,acct,loy"], Earned, null, null, "prg-1", "program", ["loy"], ["loyoff: inactive", "acct: participation integration"] },
        { "loyalty: account rules do not apply", ["account loyalty.points_earned -> loy"], Earned, null, null, "prg-1", null, [], [] },
        { "loyalty: no rule, no delivery (scopes do not apply)", [], Earned, null, null, "prg-1", null, [], [] },
        { "loyalty: a rule with no destinations adds nothing to the others", ["program:prg-1 loyalty.points_earned ->", "program:prg-1 loyalty.points_earned -> loy"], Earned, null, null, "prg-1", "program", ["loy"], [] },
        { "a destination named by two rules is sent once", ["program:prg-1 loyalty.points_earned -> loy", "program:prg-1 loyalty.points_earned -> loy"], Earned, null, null, "prg-1", "program", ["loy"], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolves(string name, string[] rules, string type, string? website, string? campaign, string? program,
        string? level, string[] targets, string[] skipped)
    {
        var routing = PushRuleResolver.Resolve(new RoutingSubject(type, website, campaign, program), rules.Select(Rule).ToList(), Integrations);

        Assert.True(level == routing.Level, $"{name}: level {routing.Level ?? "none"}, expected {level ?? "none"}");
        Assert.Equal(targets, routing.Targets.Select(t => t.Integration.Id).ToArray());
        Assert.Equal(skipped.Length, routing.Skipped.Count);
        foreach (var expectation in skipped)
        {
            var (id, reason) = (expectation.Split(": ")[0], expectation.Split(": ")[1]);
            var skip = Assert.Single(routing.Skipped, s => s.IntegrationId == id);
            Assert.Contains(reason, skip.Reason);
        }
        Assert.All(routing.Targets, t => Assert.Equal(level ?? PushRuleResolver.ScopeLevel, t.Level));
        Assert.Equal(level is null && program is null, routing.ByScope);
    }

    [Fact]
    public void An_empty_destination_list_at_the_winning_level_is_reported_as_push_nowhere()
    {
        var routing = PushRuleResolver.Resolve(new RoutingSubject(Completed, "web-1", "cmp-1", null),
            [Rule("account completed -> acct"), Rule("campaign:cmp-1 completed ->")], Integrations);
        Assert.True(routing.PushesNowhere);
        Assert.False(routing.Unrouted);
    }

    [Fact]
    public void Targets_name_every_rule_that_sends_there()
    {
        var routing = PushRuleResolver.Resolve(new RoutingSubject(Earned, null, null, "prg-1"),
            [Rule("program:prg-1 loyalty.points_earned -> loy", "r1"), Rule("program:prg-1 loyalty.points_earned -> loy,loy2", "r2")], Integrations);
        Assert.Equal(["r1", "r2"], routing.Targets.Single(t => t.Integration.Id == "loy").RuleIds);
        Assert.Equal(["r2"], routing.Targets.Single(t => t.Integration.Id == "loy2").RuleIds);
    }

    private static int counter;

    private static PushRule Rule(string text) => Rule(text, "rule_" + Interlocked.Increment(ref counter));

    private static PushRule Rule(string text, string id)
    {
        var (left, right) = (text.Split("->")[0].Trim(), text.Split("->")[1].Trim());
        var scope = left.Split(' ')[0];
        var types = left.Split(' ')[1].Split(',').Select(t => t.Contains('.') ? t : "participation." + t).ToList();
        return new PushRule
        {
            Id = id,
            ScopeKind = scope.Split(':')[0],
            ScopeId = scope.Contains(':') ? scope.Split(':')[1] : null,
            EventTypes = types,
            Destinations = right.Length == 0 ? [] : right.Split(',').ToList(),
        };
    }
}
