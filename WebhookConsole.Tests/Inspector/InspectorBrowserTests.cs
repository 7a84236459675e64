using Microsoft.Playwright;
using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Inspector;

/// <summary>
/// The "done when", in a browser with private networks off: an admin makes a bin, points an integration at it,
/// sees the exact request arrive live and its signatures checked against the integration's secret.
/// </summary>
[Trait("Lane", "Browser")]
[Collection(BrowserCollection.Name)]
public class InspectorBrowserTests(BrowserFixture browser) : StrictBrowserTest(browser)
{
    [Fact]
    public async Task An_admin_creates_a_bin_sees_a_real_delivery_arrive_and_checks_its_signatures()
    {
        var page = await AdminPageAsync();
        await Assertions.Expect(page.Locator(".mud-nav-link", new() { HasText = "Request inspector" })).ToHaveAttributeAsync("href", "/inspector");
        await page.GotoAsync("/inspector");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Request inspector");
        await Assertions.Expect(page.Locator("#no-bins")).ToBeVisibleAsync();

        // The form checks what the API checks, and creates nothing on bad input.
        await page.Locator("#create-bin").ClickAsync();
        await Assertions.Expect(page.GetByText("Name is required.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#no-bins")).ToBeVisibleAsync();

        await page.Locator("#bin-name").FillAsync("CRM staging");
        await page.Locator("#create-bin").ClickAsync();
        await Assertions.Expect(page.Locator("#bin-title")).ToHaveTextAsync("CRM staging");
        var url = (await page.Locator("#bin-url pre").TextContentAsync())!.Trim();
        Assert.StartsWith(BaseUrl + "/inspect/bin_", url);
        await Assertions.Expect(page.Locator(".empty-state")).ToContainTextAsync("Waiting for requests");

        var integration = await Factory.AddIntegrationAsync(url, Secret);
        var delivery = await Factory.AddDeliveryAsync(integration, """[{"id":"evt_browser","type":"loyalty.points_earned"}]""");
        await Factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);

        // It shows up by itself, opened, with the body exactly as sent.
        var request = page.Locator(".inspected-request").First;
        await Assertions.Expect(request).ToContainTextAsync("POST", new() { Timeout = 15_000 });
        await Assertions.Expect(request.Locator(".request-body")).ToContainTextAsync("""[{"id":"evt_browser","type":"loyalty.points_earned"}]""");
        await Assertions.Expect(request.Locator(".headers-table")).ToContainTextAsync("webhook-signature");

        await page.Locator("#check-integration").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = integration.Name }).ClickAsync();
        await Assertions.Expect(request.Locator(".check-qualifio .verdict")).ToHaveAttributeAsync("data-verdict", "valid");
        await Assertions.Expect(request.Locator(".check-standard .verdict")).ToHaveAttributeAsync("data-verdict", "valid");
        await page.ScreenshotAsync("inspector-request-checked");
    }
}
