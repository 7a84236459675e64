using Bunit;
using MudBlazor.Services;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;

namespace WebhookConsole.Tests.EventLogs;

/// <summary>bUnit: the event logs' filter bar and pager.</summary>
[Trait("Lane", "Component")]
public class DeliveryFilterBarTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly List<DeliveryFilter> changes = [];

    public DeliveryFilterBarTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    private IRenderedComponent<DeliveryFilterBar> Bar(string query) => Render<DeliveryFilterBar>(p => p
        .Add(x => x.Filter, DeliveryFilter.FromQuery(query))
        .Add(x => x.Integrations, [new IntegrationRef("int_a", "Alpha CRM", "participation", true)])
        .Add(x => x.IntegrationNames, new Dictionary<string, string> { ["int_a"] = "Alpha CRM" })
        .Add(x => x.Now, Now)
        .Add(x => x.OnChange, f => changes.Add(f)));

    [Fact]
    public void An_empty_filter_has_no_summary_and_a_set_one_describes_itself_and_clears()
    {
        Assert.Empty(Bar("").FindAll("#clear-filters"));

        var bar = Bar("status=failed&integrationId=int_a&range=24h");
        Assert.Contains("Showing failed deliveries to Alpha CRM created in the last 24 hours.", bar.Markup);
        bar.Find("#clear-filters").Click();
        Assert.True(Assert.Single(changes).IsEmpty);
    }

    [Fact]
    public void Custom_days_show_the_picker_and_a_search_reports_the_whole_new_filter()
    {
        var bar = Bar("status=failed&range=custom&from=2026-01-02&to=2026-01-04");
        Assert.Contains("Days (UTC)", bar.Markup);
        Assert.Contains("created 2026-01-02 – 2026-01-04 (UTC)", bar.Markup);

        bar.Find("#search").Input(" evt_9 ");
        bar.WaitForAssertion(() => Assert.Single(changes), TimeSpan.FromSeconds(3));
        var changed = changes[0];
        Assert.Equal("evt_9", changed.Search);
        Assert.Equal([DeliveryStatus.Failed], changed.Statuses);
        Assert.Equal("status=failed&range=custom&from=2026-01-02&to=2026-01-04&q=evt_9", changed.ToQuery());
    }

    [Fact]
    public void The_pager_summarises_the_page_and_pages_on_request()
    {
        var older = 0;
        var pager = Render<DeliveryPager>(p => p.Add(x => x.PageIndex, 1).Add(x => x.PageSize, 25).Add(x => x.Count, 25).Add(x => x.Total, 60)
            .Add(x => x.HasOlder, true).Add(x => x.OnOlder, () => older++));
        Assert.Equal("26–50 of 60", pager.Find("#result-summary").TextContent.Trim());
        Assert.False(pager.Find("#page-newer").HasAttribute("disabled"));
        pager.Find("#page-older").Click();
        Assert.Equal(1, older);

        var single = Render<DeliveryPager>(p => p.Add(x => x.Count, 1).Add(x => x.Total, 1));
        Assert.Equal("1 delivery", single.Find("#result-summary").TextContent.Trim());
        Assert.True(single.Find("#page-newer").HasAttribute("disabled"));
        Assert.True(single.Find("#page-older").HasAttribute("disabled"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
