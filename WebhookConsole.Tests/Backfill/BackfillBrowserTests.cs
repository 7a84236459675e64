using Microsoft.Playwright;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Backfill;

/// <summary>An admin backfills a new integration from its page and watches the events arrive at a real receiver.</summary>
[Trait("Lane", "Browser")]
[Collection(BrowserCollection.Name)]
public class BackfillBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly IngestFactory factory = (IngestFactory)new IngestFactory(fakeTime: false, recordQueue: false)
        .With("Delivery:AllowPrivateNetworks", "true")
        .With("Replay:MaxPerSecondPerIntegration", "50");
    private TestReceiver receiver = default!;
    private string baseUrl = "";
    private IPage? page;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        baseUrl = factory.StartKestrel();
        await factory.SeedSourcesAsync();
        // Kestrel serves this app: the API is called over its socket.
        using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", ConsoleFactory.AdminApiKey);
        for (var i = 0; i < 5; i++) await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}"));
        await factory.AddIntegrationAsync("int_new", IntegrationKind.Loyalty, url: receiver.BaseUrl + "/new");
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_new");
    }

    public async Task DisposeAsync()
    {
        if (page is not null) await page.Context.CloseAsync();
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Admin_counts_and_sends_the_last_events_and_sees_them_delivered()
    {
        page = await browser.NewPageAsync(baseUrl);
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        await page.GotoAsync("/integrations/int_new");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle); // the interactive circuit is up
        await page.Locator(".mud-tab", new() { HasText = "Backfill" }).ClickAsync();
        await Assertions.Expect(page.Locator("#btn-backfill-count")).ToBeVisibleAsync();

        await page.Locator("#btn-backfill-count").ClickAsync();
        await Assertions.Expect(page.Locator("#backfill-preview")).ToContainTextAsync("5 events would be sent");
        Assert.Empty(receiver.Requests);

        await page.Locator("#btn-backfill-send").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("5 events of the last 24 hours go to");
        await page.Locator(".mud-dialog button", new() { HasText = "Send" }).ClickAsync();
        await Assertions.Expect(page.Locator("#backfill-progress")).ToContainTextAsync("5 of 5 delivered", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#backfill-status")).ToContainTextAsync("Last backfill finished");
        await page.ScreenshotAsync("integration-backfill");

        Assert.Equal(5, receiver.Requests.Count(r => r.Path == "/new"));
    }
}
