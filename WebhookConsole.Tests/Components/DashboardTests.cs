using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using WebhookConsole.Data;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Home;
using WebhookConsole.Tests.EventLogs;

namespace WebhookConsole.Tests.Components;

/// <summary>bUnit: the dashboard on a real SQLite database, empty and with deliveries.</summary>
[Trait("Lane", "Component")]
public sealed class DashboardTests : BunitContext, IAsyncLifetime
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"wc-dash-{Guid.NewGuid():N}.db");

    public DashboardTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite($"Data Source={path}"));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<DeliveryQueries>();
        Services.AddSingleton<WebhookConsole.Home.DashboardQueries>();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        using var db = Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        db.Database.Migrate();
    }

    [Fact]
    public void Without_deliveries_it_shows_the_setup_checklist()
    {
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.Contains("No deliveries yet", page.Markup));
        Assert.Contains("An active integration", page.Find("#setup-checklist").TextContent);
        Assert.Empty(page.FindAll("#deliveries-chart"));
    }

    [Fact]
    public void With_deliveries_it_shows_counts_chart_failing_integrations_and_recent_failures()
    {
        var now = DateTimeOffset.UtcNow;
        using (var db = Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            db.Integrations.Add(DeliverySeed.Integration("int_a", "Alpha CRM"));
            db.Deliveries.AddRange(
                DeliverySeed.Delivery("int_a", now.AddMinutes(-5), DeliveryStatus.Succeeded),
                DeliverySeed.Delivery("int_a", now.AddMinutes(-6), DeliveryStatus.Succeeded),
                DeliverySeed.Delivery("int_a", now.AddMinutes(-7), DeliveryStatus.Succeeded),
                DeliverySeed.Delivery("int_a", now.AddMinutes(-8), DeliveryStatus.Failed, subjectId: "part-9", lastStatusCode: 502),
                DeliverySeed.Delivery("int_a", now.AddMinutes(-9), DeliveryStatus.Pending, lastStatusCode: null));
            db.SaveChanges();
        }

        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#deliveries-chart")));
        Assert.Contains("3", page.Find("#kpi-delivered .dash-kpi").TextContent);
        Assert.Contains("75 %", page.Find("#kpi-success-rate").TextContent);
        Assert.Contains("1", page.Find("#kpi-backlog .dash-kpi").TextContent);
        Assert.Contains("Alpha CRM", page.Find("#failing-integrations").TextContent);
        var failures = page.Find("#recent-failures");
        Assert.Contains("HTTP 502", failures.TextContent);
        Assert.Contains("part-9", failures.TextContent);
        Assert.NotNull(page.Find("#recent-failures a[href^='/event-logs/dlv_']"));
        Assert.NotNull(page.Find("a[href='/event-logs?status=failed&range=24h']"));
    }

    [Fact]
    public void The_success_rate_runs_from_0_to_100_percent_shows_a_single_hour_and_says_what_it_counts()
    {
        using (var db = Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            db.Integrations.Add(DeliverySeed.Integration("int_a", "Alpha CRM"));
            db.Deliveries.AddRange(
                DeliverySeed.Delivery("int_a", DateTimeOffset.UtcNow.AddMinutes(-5), DeliveryStatus.Succeeded),
                DeliverySeed.Delivery("int_a", DateTimeOffset.UtcNow.AddMinutes(-4), DeliveryStatus.Retrying, lastStatusCode: 503));
            db.SaveChanges();
        }

        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#success-rate-chart svg")));
        // Retrying is not a failure: one success and nothing else ended is 100 %.
        Assert.Contains("100 %", page.Find("#kpi-success-rate .dash-kpi").TextContent);
        Assert.Contains("1 retrying, not counted yet", page.Find("#kpi-success-rate").TextContent);
        Assert.Contains(Dashboard.RateDefinition, page.Find("#kpi-success-rate .rate-definition").TextContent);

        var chart = page.Find("#success-rate-chart svg");
        var axis = chart.QuerySelectorAll("text").Select(t => t.TextContent.Trim()).Where(t => t.EndsWith('%')).ToList();
        Assert.Equal(["0%", "25%", "50%", "75%", "100%"], axis);
        // The one hour with an outcome is drawn as a point, not an invisible line of one.
        // (MudChart also puts an invisible, larger hover target over each point.)
        Assert.Single(chart.QuerySelectorAll("circle.mud-chart-point"), c => c.GetAttribute("opacity") != "0");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services only dispose asynchronously.</summary>
    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(path + suffix); } catch (IOException) { }
    }
}
