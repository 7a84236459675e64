using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Signatures;

/// <summary>Support opens the checker from a delivery, sees both signatures verify, then the cause named when a body was re-serialised.</summary>
[Trait("Lane", "Browser")]
[Collection(BrowserCollection.Name)]
public class SignatureCheckerBrowserTests(BrowserFixture browser) : StrictBrowserTest(browser)
{
    [Fact]
    public async Task A_delivery_opens_in_the_checker_verifies_and_a_re_serialised_body_is_diagnosed()
    {
        // A real delivery to one of the console's own bins, so there is an attempt with signatures to check.
        var bin = await Factory.Services.GetRequiredService<WebhookConsole.Inspector.InspectorService>()
            .CreateAsync(new("checker"), "test", BaseUrl);
        var integration = await Factory.AddIntegrationAsync(bin.Url, Secret);
        var delivery = await Factory.AddDeliveryAsync(integration, """{"id":"evt_chk","points":10}""");
        await Factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);

        var page = await AdminPageAsync();
        await page.GotoAsync($"/event-logs/{delivery.Id}");
        await page.ClickToNavigateAsync(page.Locator("#check-signatures-link"), $"{BaseUrl}/signature-checker?delivery={delivery.Id}");
        await Assertions.Expect(page.Locator("#prefill-note")).ToContainTextAsync(delivery.Id);
        await Assertions.Expect(page.Locator("#checker-verdict")).ToContainTextAsync("Every signature the request carries verifies.");
        await Assertions.Expect(page.Locator("#checker-report .check-standard .verdict")).ToHaveAttributeAsync("data-verdict", "valid");
        await Assertions.Expect(page.Locator("#snippet-tabs")).ToContainTextAsync("PHP");
        await page.ScreenshotAsync("signature-checker-valid");

        // The same JSON pretty-printed, as a receiver's framework might hand it over.
        await page.Locator("#checker-body").FillAsync("{\n  \"id\": \"evt_chk\",\n  \"points\": 10\n}");
        await page.Locator("#check-signatures").ClickAsync();
        await Assertions.Expect(page.Locator("#checker-verdict")).ToContainTextAsync("does not verify");
        await Assertions.Expect(page.Locator(".diagnosis").First).ToHaveAttributeAsync("data-cause", "re-serialised JSON");
        await page.ScreenshotAsync("signature-checker-diagnosis");

        // A pasted secret is validated like the API does.
        await page.GetByText("A secret I paste").ClickAsync();
        await page.Locator("#check-signatures").ClickAsync();
        await Assertions.Expect(page.GetByText("Secret is required")).ToBeVisibleAsync();
    }
}
