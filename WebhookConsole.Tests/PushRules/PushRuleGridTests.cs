using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;
using WebhookConsole.Routing;

namespace WebhookConsole.Tests.PushRules;

/// <summary>MudSelect's popover services only dispose asynchronously, so the context is disposed that way.</summary>
[Trait("Lane", "Component")]
public class PushRuleGridTests : BunitContext, IAsyncLifetime
{
    private static readonly Integration[] Destinations =
    [
        new() { Id = "int_a", Name = "Rewards CRM", Kind = IntegrationKind.Loyalty, Active = true, Url = "https://a.example" },
        new() { Id = "int_b", Name = "Mailing tool", Kind = IntegrationKind.Loyalty, Active = false, Url = "https://b.example" },
    ];

    private int changes;

    public PushRuleGridTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private IRenderedComponent<PushRuleGrid> RenderGrid(List<PushRuleDraft> rows, Dictionary<string, string[]>? errors = null,
        Dictionary<string, PushRule>? saved = null, bool readOnly = false) =>
        Render<PushRuleGrid>(p => p
            .Add(g => g.EventTypeOptions, EventTypes.Loyalty)
            .Add(g => g.Rows, rows)
            .Add(g => g.Destinations, Destinations)
            .Add(g => g.Errors, errors ?? [])
            .Add(g => g.Saved, saved ?? [])
            .Add(g => g.ReadOnly, readOnly)
            .Add(g => g.RowsChanged, EventCallback.Factory.Create(this, () => changes++)));

    private static string CheckboxOf(int row, string type) => $"#rule-{row} .event-{type.Replace('.', '-')} input";

    [Fact]
    public void Each_rule_is_a_row_of_event_checkboxes_with_its_destinations()
    {
        var cut = RenderGrid([new PushRuleDraft { Id = "r1", EventTypes = ["loyalty.points_earned"], Destinations = ["int_a"] }]);

        Assert.Single(cut.FindAll("tr.rule-row"));
        Assert.Equal(EventTypes.Loyalty.Length, cut.FindAll("#rule-0 input[type=checkbox]").Count);
        Assert.True(cut.Find(CheckboxOf(0, "loyalty.points_earned")).HasAttribute("checked"));
        Assert.False(cut.Find(CheckboxOf(0, "loyalty.level_changed")).HasAttribute("checked"));
        Assert.Contains("Rewards CRM", cut.Find("#rule-0").TextContent + cut.Find(".rule-0-destinations input").GetAttribute("value"));
    }

    [Fact]
    public void Ticking_and_unticking_events_edits_the_row_in_canonical_order()
    {
        var row = new PushRuleDraft { EventTypes = ["loyalty.points_earned"] };
        var cut = RenderGrid([row]);

        cut.Find(CheckboxOf(0, "loyalty.profile_created")).Change(true);
        Assert.Equal(["loyalty.profile_created", "loyalty.points_earned"], row.EventTypes);
        cut.Find(CheckboxOf(0, "loyalty.points_earned")).Change(false);
        Assert.Equal(["loyalty.profile_created"], row.EventTypes);
        Assert.Equal(2, changes);
    }

    [Fact]
    public async Task Choosing_destinations_keeps_the_order_of_the_options()
    {
        var row = new PushRuleDraft { EventTypes = ["loyalty.points_earned"] };
        var cut = RenderGrid([row]);

        var select = cut.FindComponent<MudSelect<string>>();
        await cut.InvokeAsync(() => select.Instance.SelectedValuesChanged.InvokeAsync(["int_b", "int_a"]));

        Assert.Equal(["int_a", "int_b"], row.Destinations);
        Assert.Equal(1, changes);
    }

    [Fact]
    public void Rows_are_added_and_removed()
    {
        var rows = new List<PushRuleDraft>
        {
            new() { Id = "r1", EventTypes = ["loyalty.points_earned"] },
            new() { Id = "r2", EventTypes = ["loyalty.level_changed"] },
        };
        var cut = RenderGrid(rows);

        cut.Find("#add-rule").Click();
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, cut.FindAll("tr.rule-row").Count);
        Assert.Contains("new", cut.Find("#rule-2").TextContent);

        cut.Find("#rule-0 .remove-rule").Click();
        Assert.Equal([("r2"), null], rows.Select(r => r.Id));
        Assert.Equal(2, changes);
    }

    [Fact]
    public void Errors_appear_under_their_own_row_only()
    {
        var cut = RenderGrid(
            [new PushRuleDraft { EventTypes = ["loyalty.points_earned"] }, new PushRuleDraft()],
            new() { ["rules[1].eventTypes"] = ["Pick at least one event type."], ["rules[1].destinations[0]"] = ["Integration 'x' does not exist."] });

        var errorRows = cut.FindAll("tr.rule-errors");
        var errorRow = Assert.Single(errorRows);
        Assert.Contains("Pick at least one event type.", errorRow.TextContent);
        Assert.Contains("Integration 'x' does not exist.", errorRow.TextContent);
        Assert.Contains("rule-row-error", cut.Find("#rule-1").ClassName);
        Assert.DoesNotContain("rule-row-error", cut.Find("#rule-0").ClassName);
    }

    [Fact]
    public void A_rule_without_destinations_says_it_pushes_nowhere()
    {
        var cut = RenderGrid([new PushRuleDraft { EventTypes = ["loyalty.points_earned"] }]);
        Assert.Contains("Push nowhere", cut.Find("#rule-0").TextContent);
    }

    [Fact]
    public void Changed_rows_are_marked()
    {
        var saved = new PushRule { Id = "r1", ScopeKind = "program", ScopeId = "p", EventTypes = ["loyalty.points_earned"], Destinations = [] };
        var cut = RenderGrid([new PushRuleDraft { Id = "r1", EventTypes = ["loyalty.points_earned", "loyalty.points_burned"] }], saved: new() { ["r1"] = saved });
        Assert.Contains("changed", cut.Find("#rule-0").TextContent);
    }

    [Fact]
    public void No_rows_shows_the_empty_text_and_read_only_hides_editing()
    {
        var cut = RenderGrid([], readOnly: true);
        Assert.NotNull(cut.Find("#no-rules"));
        Assert.Empty(cut.FindAll("#add-rule"));
        Assert.Empty(cut.FindAll(".remove-rule"));
    }
}
