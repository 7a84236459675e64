using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.EventLogs;

[Trait("Lane", "Browser")]
[Collection(BrowserCollection.Name)]
public class EventLogsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory().With("Delivery:AllowPrivateNetworks", "true");
    private string baseUrl = "";
    private Delivery failed = default!;
    private TestReceiver receiver = default!;

    public async Task InitializeAsync()
    {
        baseUrl = factory.StartKestrel();
        failed = await BrowserSeed.SeedAsync(factory);
        // Acme's endpoint is "fixed": it now answers 200 on a real receiver.
        receiver = await TestReceiver.StartAsync();
        await using var db = factory.NewDb();
        (await db.Integrations.FindAsync("int_acme"))!.Url = receiver.Url;
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private async Task<IPage> SignInAsync(string role)
    {
        var email = role == Roles.Admin ? ConsoleFactory.AdminEmail : $"{role.ToLowerInvariant()}@test.local";
        var password = role == Roles.Admin ? ConsoleFactory.AdminPassword : "Role-Password-123";
        if (role != Roles.Admin)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().CreateAsync(new NewUser(email, password, [role]), "test");
        }
        var page = await browser.NewPageAsync(baseUrl);
        await page.SignInAsync(email, password);
        return page;
    }

    private static Task FullPageAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });

    [Fact]
    public async Task Support_finds_a_failed_delivery_reads_the_response_and_replays_it()
    {
        var page = await SignInAsync(Roles.Support);
        await page.GotoAsync("/event-logs");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Event logs");
        await Assertions.Expect(page.Locator("#deliveries-table tbody tr.delivery-row")).ToHaveCountAsync(50);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync("event-logs-support");

        // The customer gave us their participation id.
        await page.Locator("input#search").FillAsync(BrowserSeed.FailedParticipation);
        await Assertions.Expect(page.Locator("#deliveries-table tbody tr.delivery-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#deliveries-table tbody tr.delivery-row .status-chip")).ToHaveAttributeAsync("data-status", "failed");
        Assert.Contains("q=" + BrowserSeed.FailedParticipation, page.Url);
        await page.ScreenshotAsync("event-logs-search");

        await page.ClickToNavigateAsync(page.Locator("#deliveries-table tbody tr.delivery-row td[data-label=Event]").First, $"{baseUrl}/event-logs/{failed.Id}");
        await Assertions.Expect(page.Locator("#delivery-banner")).ToContainTextAsync("Failed");
        await Assertions.Expect(page.Locator(".attempt-3 .response-body")).ToContainTextAsync("database unavailable");
        await Assertions.Expect(page.Locator("#payload")).ToContainTextAsync(BrowserSeed.FailedParticipation);
        await page.ScreenshotAsync("event-logs-detail-failed");
        await FullPageAsync(page, "event-logs-detail-failed-full");

        // The receiver is fixed: replay.
        await page.Locator("#replay-delivery").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#replay-created")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#replay-chain")).ToContainTextAsync("Replayed as");
        await page.ScreenshotAsync("event-logs-detail-replayed");

        await page.Locator("#back-to-list").ClickAsync();
        await page.WaitForAddressAsync(url => url == $"{baseUrl}/event-logs");
        var top = page.Locator("#deliveries-table tbody tr.delivery-row").First;
        await Assertions.Expect(top.Locator(".replay-badge")).ToBeVisibleAsync();
        await Assertions.Expect(top).ToContainTextAsync(BrowserSeed.FailedParticipation);
        // The list updates live: the replay reaches the fixed receiver and turns succeeded without a reload.
        await Assertions.Expect(top.Locator(".status-chip")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        var received = Assert.Single(receiver.Requests, r => r.BodyText.Contains(BrowserSeed.FailedParticipation));
        Assert.Equal(failed.MessageId, received.Header("webhook-id"));
        await page.ScreenshotAsync("event-logs-after-replay");
    }

    [Fact]
    public async Task Filtering_on_failed_points_to_the_retrying_ones_and_the_failing_view_shows_both()
    {
        var page = await SignInAsync(Roles.Support);
        await page.GotoAsync("/event-logs?status=failed");
        await Assertions.Expect(page.Locator("#result-summary")).ToContainTextAsync($"{BrowserSeed.FailedCount} deliveries");
        await Assertions.Expect(page.Locator("#retrying-hint")).ToContainTextAsync($"{BrowserSeed.RetryingCount} more deliveries are retrying");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync("event-logs-failed-hint");

        await page.Locator("#show-failing").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("status=failing")); // an in-circuit navigation: no load event comes
        var failing = BrowserSeed.FailedCount + BrowserSeed.RetryingCount;
        await Assertions.Expect(page.Locator("#result-summary")).ToContainTextAsync($"{failing} deliveries");
        await Assertions.Expect(page.Locator("#view-failing")).ToContainTextAsync($"Failing · {failing}");
        await Assertions.Expect(page.Locator("#retrying-hint")).ToHaveCountAsync(0);
        var statuses = await page.Locator("#deliveries-table .status-chip").EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.status)");
        Assert.Equal(failing, statuses.Length);
        Assert.All(statuses, s => Assert.Contains(s, new[] { "retrying", "failed" }));
        await page.ScreenshotAsync("event-logs-failing-view");

        await page.Locator("#view-all").ClickAsync();
        await page.WaitForAddressAsync(url => !url.Contains("status="));
        await Assertions.Expect(page.Locator("#deliveries-table tbody tr.delivery-row")).ToHaveCountAsync(50);
    }

    [Fact]
    public async Task A_program_manager_reads_the_logs_but_gets_no_replay_button()
    {
        var page = await SignInAsync(Roles.ProgramManager);
        await page.GotoAsync("/event-logs?status=failed");
        await Assertions.Expect(page.Locator("#deliveries-table tbody tr.delivery-row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".row-replay")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#bulk-replay")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#export-csv")).ToBeVisibleAsync();

        await page.GotoAsync($"/event-logs/{failed.Id}");
        await Assertions.Expect(page.Locator(".attempt-3 .response-body")).ToContainTextAsync("database unavailable");
        await Assertions.Expect(page.Locator("#replay-delivery")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("event-logs-detail-program-manager");
    }

    [Fact]
    public async Task Admin_bulk_replays_the_failed_deliveries_after_seeing_the_count()
    {
        var page = await SignInAsync(Roles.Admin);
        await page.GotoAsync("/event-logs?status=failed&range=7d");
        await Assertions.Expect(page.Locator("#result-summary")).ToContainTextAsync($"{BrowserSeed.FailedCount} deliveries");
        await page.Locator("#bulk-replay").ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-count")).ToContainTextAsync($"{BrowserSeed.FailedCount} deliveries will be replayed");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync("event-logs-bulk-confirm");
        await page.Locator("#bulk-confirm").ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-summary")).ToContainTextAsync($"{BrowserSeed.FailedCount} replays created");
        await page.ScreenshotAsync("event-logs-bulk-summary");
        await page.Locator("#bulk-close").ClickAsync();

        await using var db = factory.NewDb();
        Assert.Equal(BrowserSeed.FailedCount, db.Deliveries.Count(d => d.ReplayOf != null));
    }

    [Fact]
    public async Task The_filtered_list_downloads_as_csv()
    {
        var page = await SignInAsync(Roles.Support);
        await page.GotoAsync("/event-logs?status=failed");
        await Assertions.Expect(page.Locator("#result-summary")).ToContainTextAsync($"{BrowserSeed.FailedCount} deliveries");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-csv").ClickAsync());
        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("id,createdAt,status", lines[0]);
        Assert.Equal(BrowserSeed.FailedCount, lines.Count - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",failed,", l));
        // Still on the event logs: the download did not navigate away.
        Assert.Contains("/event-logs?status=failed", page.Url);
    }

    [Fact]
    public async Task Dashboard_and_audit_log_show_the_deliveries_and_replays()
    {
        var page = await SignInAsync(Roles.Admin);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#deliveries-chart svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#recent-failures")).ToContainTextAsync("HTTP 500");
        await Assertions.Expect(page.Locator("#failing-integrations")).ToContainTextAsync("Acme CRM");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync("dashboard-with-deliveries");
        await page.Locator("#period-toggle").GetByText("7 days").ClickAsync();
        await Assertions.Expect(page.Locator("#deliveries-chart")).ToContainTextAsync("Per day, last 7 days");
        await page.ScreenshotAsync("dashboard-7-days");
        await FullPageAsync(page, "dashboard-7-days-full");

        await page.GotoAsync($"/event-logs/{failed.Id}");
        await page.Locator("#replay-delivery").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#replay-created")).ToBeVisibleAsync();

        await page.GotoAsync("/settings/audit-log");
        var row = page.Locator("#audit-table tbody tr").Filter(new() { HasText = "delivery.replayed" }).First;
        await Assertions.Expect(row).ToContainTextAsync(failed.Id);
        await row.Locator(".audit-expand").ClickAsync();
        await Assertions.Expect(page.Locator(".diff-table")).ToContainTextAsync(failed.MessageId);
        await page.ScreenshotAsync("audit-log-replay");
    }
}
