using Microsoft.Playwright;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Browser;

/// <summary>
/// A link clicked while a page is still only prerendered (its circuit not yet live) loads the new page whole. Patched
/// into the page instead, the circuit then starting for the old address could render the old page back under the
/// new address: seen on a busy machine as the signature checker's address showing the delivery page.
/// </summary>
[Trait("Lane", "Browser")]
[Collection(BrowserCollection.Name)]
public class EarlyClickBrowserTests(BrowserFixture browser) : StrictBrowserTest(browser)
{
    [Fact]
    public async Task A_link_clicked_before_the_circuit_is_live_loads_the_new_page_whole()
    {
        var integration = await Factory.AddIntegrationAsync("https://receiver.invalid/hook", Secret);
        var delivery = await Factory.AddDeliveryAsync(integration, """{"id":"evt_early","points":1}""");
        var page = await AdminPageAsync();
        // Every circuit starts late, as on a busy server: the pages stay prerendered meanwhile.
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await Task.Delay(3_000);
            await route.ContinueAsync();
        });
        // How the checker was fetched: "document" for a page load of its own, "fetch" when patched into the old page.
        var checkerRequests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/signature-checker")) checkerRequests.Enqueue(request.ResourceType); };

        await page.GotoAsync($"/event-logs/{delivery.Id}");
        await page.Locator("#check-signatures-link").ClickAsync();
        await page.WaitForURLAsync($"{BaseUrl}/signature-checker?delivery={delivery.Id}");
        await Assertions.Expect(page.Locator("#prefill-note")).ToContainTextAsync(delivery.Id);

        Assert.Equal(["document"], checkerRequests);
        await Assertions.Expect(page.Locator("#checker-body")).ToBeVisibleAsync();
    }
}
