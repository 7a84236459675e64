using Bunit;
using MudBlazor.Services;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Home;

namespace WebhookConsole.Tests.Components;

/// <summary>bUnit: the dashboard's cards and tables, from figures made up here.</summary>
[Trait("Lane", "Component")]
public sealed class DashboardComponentsTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public DashboardComponentsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    private static DashboardData Data(IReadOnlyList<FailingIntegration>? failing = null, IReadOnlyList<DeliveryItem>? recent = null) => new(
        Now, true,
        new StatusCounts(0, 1, 9, 2, 3) { FailedReplayed = 1 },
        new StatusCounts(0, 1, 40, 2, 10),
        [], [],
        new StatusCounts(4, 5, 0, 6, 0),
        Now.AddMinutes(-30),
        failing ?? [],
        recent ?? []);

    [Fact]
    public void A_stat_card_shows_a_count_with_its_icon_or_a_coloured_figure_with_content_below()
    {
        var count = Render<WebhookConsole.Components.Shared.StatCard>(p => p.Add(x => x.Label, "Integrations").Add(x => x.Value, 1234)
            .Add(x => x.Icon, MudBlazor.Icons.Material.Outlined.Hub).Add(x => x.Href, "/integrations"));
        Assert.Equal("1,234", count.Find(".stat-value").TextContent.Trim());
        Assert.Single(count.FindAll(".mud-avatar"));
        Assert.Equal("/integrations", count.Find("a").GetAttribute("href"));

        var figure = Render<WebhookConsole.Components.Shared.StatCard>(p => p.Add(x => x.Label, "Failed").Add(x => x.Text, "3")
            .Add(x => x.ValueColor, "#dc2626").Add(x => x.Id, "kpi-x").AddChildContent("<span class=\"below\">not replayed</span>"));
        Assert.Equal("3", figure.Find("#kpi-x .dash-kpi").TextContent.Trim());
        Assert.Contains("color: #dc2626", figure.Find(".dash-kpi").GetAttribute("style"));
        Assert.Empty(figure.FindAll(".stat-value"));
        Assert.Empty(figure.FindAll(".mud-avatar"));
        Assert.Equal("not replayed", figure.Find(".below").TextContent);
    }

    [Fact]
    public void The_kpis_show_delivered_rate_open_failures_and_backlog()
    {
        var kpis = Render<DashboardKpis>(p => p.Add(x => x.Data, Data()));

        Assert.Equal("9", kpis.Find("#kpi-delivered .dash-kpi").TextContent.Trim());
        Assert.Contains("of 15 created", kpis.Find("#kpi-delivered").TextContent);
        // 9 succeeded of 9 + 2 open failures (one of three was replayed).
        Assert.Equal("81.8 %", kpis.Find("#kpi-success-rate .dash-kpi").TextContent.Trim());
        Assert.Contains("2 retrying, not counted yet", kpis.Find("#kpi-success-rate").TextContent);
        Assert.Equal("2", kpis.Find("#kpi-failed .dash-kpi").TextContent.Trim());
        Assert.Contains("1 replayed", kpis.Find("#kpi-failed").TextContent);
        Assert.Equal("15", kpis.Find("#kpi-backlog .dash-kpi").TextContent.Trim());
        Assert.Contains("oldest created 30 min ago", kpis.Find("#kpi-backlog").TextContent);
    }

    [Fact]
    public void The_status_totals_link_each_status_to_the_event_logs()
    {
        var totals = Render<DashboardStatusTotals>(p => p.Add(x => x.Data, Data()));
        Assert.NotNull(totals.Find("a[href='/event-logs?status=failed&range=7d']"));
        Assert.Contains("40", totals.Find("#status-totals").TextContent);
        Assert.Equal("6", totals.Find("#backlog a[href='/event-logs?status=retrying']").TextContent.Trim());
    }

    [Fact]
    public void The_status_rows_add_up_to_the_total_skipped_and_superseded_included()
    {
        var counts = new StatusCounts(1, 2, 30, 4, 5) { Sending = 1, Skipped = 6, Superseded = 7 };
        var data = Data() with { Last24Hours = counts };
        var totals = Render<DashboardStatusTotals>(p => p.Add(x => x.Data, data));
        var rows = totals.FindAll("#status-totals tbody tr").Select(r => r.QuerySelectorAll("td")).ToList();
        var listed = rows.SkipLast(1).Sum(cells => int.Parse(cells[1].TextContent.Trim(), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(counts.Total, listed);
        Assert.Equal(counts.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[^1][1].TextContent.Trim());
        Assert.NotNull(totals.Find("a[href='/event-logs?status=skipped&range=7d']"));
        Assert.NotNull(totals.Find("a[href='/event-logs?status=superseded&range=7d']"));
    }

    [Fact]
    public void Failing_integrations_and_recent_failures_list_rows_or_say_there_are_none()
    {
        var none = Render<FailingIntegrations>(p => p.Add(x => x.Data, Data()));
        Assert.Contains("No failures in the last 7 days.", none.Markup);

        var failing = Render<FailingIntegrations>(p => p.Add(x => x.Data, Data(failing: [new FailingIntegration("int_a", "Alpha CRM", 3, 1, 1)])));
        Assert.Contains("Alpha CRM", failing.Markup);
        Assert.Contains("25 %", failing.Markup);
        Assert.NotNull(failing.Find("a[href='/event-logs?integrationId=int_a&status=failing&range=7d']"));

        var item = new DeliveryItem("dlv_1", "evt_1", "participation.completed", "int_a", DeliveryStatus.Failed, 5, 502, null,
            Now.AddMinutes(-5), null, "part-9", null, Now, "msg_1");
        var snapshot = new DashboardSnapshot(new DashboardStats(1, 1, 1, 1, 1, 1, 0), Data(recent: [item]), new Dictionary<string, string> { ["int_a"] = "Alpha CRM" });
        var recent = Render<RecentFailures>(p => p.Add(x => x.Snapshot, snapshot));
        var row = recent.Find("#recent-failures tbody tr");
        Assert.Contains("Alpha CRM", row.TextContent);
        Assert.Contains("HTTP 502", row.TextContent);
        Assert.Contains("part-9", row.TextContent);
        Assert.NotNull(recent.Find("a[href='/event-logs/dlv_1']"));
    }

    [Fact]
    public void The_setup_view_shows_stat_cards_and_ticks_what_is_done()
    {
        var setup = Render<DashboardSetup>(p => p.Add(x => x.Stats, new DashboardStats(2, 1, 0, 0, 3, 4, 0)));
        Assert.Equal(4, setup.FindAll(".stat-card").Count);
        Assert.Contains("1 active", setup.Markup);
        var checklist = setup.Find("#setup-checklist").TextContent;
        Assert.Contains("Sources: 3 websites, 4 campaigns, 0 programs", checklist);
        Assert.Contains("No deliveries yet", setup.Markup);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
