using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using WebhookConsole.EventLogs;
using WebhookConsole.Identity;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.EventLogs;

/// <summary>bUnit: the event logs page (counts after replays, the replay question) on a running app whose clock the test moves (deliveries recorded, not sent).</summary>
[Trait("Lane", "Integration")]
public sealed class EventLogsPageLiveTests : BunitContext, IAsyncLifetime
{
    private readonly IngestFactory app = new(fakeTime: true, recordQueue: true);
    private HttpClient api = default!;

    public EventLogsPageLiveTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(app.Time);
        Services.AddSingleton(_ => app.Services.GetRequiredService<DeliveryQueries>());
        Services.AddSingleton(_ => app.Services.GetRequiredService<ReplayService>());
        Services.AddSingleton(_ => app.Services.GetRequiredService<IOptions<RetentionOptions>>());
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        AddAuthorization().SetAuthorized("support@test.local").SetRoles(Roles.Support);
        Services.AddAppPolicies();
    }

    public async Task InitializeAsync()
    {
        api = app.ApiClient();
        await app.SeedSourcesAsync();
        await app.AddIntegrationAsync("int_a", IntegrationKind.Loyalty);
        await app.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_a");
        await app.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", "mem-1"));
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task The_count_follows_new_rows_on_the_next_refresh()
    {
        var page = Render<EventLogsPage>();
        page.WaitForAssertion(() => Assert.Equal(1, Total(page)));
        page.WaitForAssertion(() => Assert.True(page.FindComponent<WebhookConsole.Components.Shared.LiveRefresh>().Instance.Running));

        // A new delivery, as a replay (or a bulk replay's job) creates; one refresh later the count says so.
        await app.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", "mem-2"));
        app.Time.Advance(TimeSpan.FromSeconds(3));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        Assert.Equal(2, Total(page));
    }

    [Fact]
    public async Task Replaying_a_delivery_again_the_confirmation_names_its_earlier_replay()
    {
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<EventLogsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")));
        var original = page.Find("tbody tr .row-replay").GetAttribute("aria-label")!["Replay ".Length..];

        var first = page.Find("tbody tr .row-replay").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Replay this delivery?", dialogs.Markup));
        Assert.Empty(dialogs.FindAll(".already-replayed"));
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Replay").ClickAsync(new());
        await first;
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Replay this delivery?", dialogs.Markup));
        var replay = await app.Services.GetRequiredService<ReplayService>().LatestReplayAsync(original);
        Assert.NotNull(replay);

        // The original again: the question says it was replayed, naming the replay.
        var again = page.FindAll("tbody tr .row-replay").Single(b => b.GetAttribute("aria-label") == $"Replay {original}").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains(replay, dialogs.Find(".already-replayed").TextContent));
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());
        await again;
    }

    /// <summary>The count behind the quick views (All, Failing, …) and the pager.</summary>
    private static int Total(IRenderedComponent<EventLogsPage> page) => page.FindComponent<DeliveryQuickViews>().Instance.Total;
}
