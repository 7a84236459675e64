using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;
using WebhookConsole.Integrations;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Browser;

/// <summary>
/// An admin sets up an integration in the browser, switches it off and on, and sends it a test event — as a newcomer
/// following the README: in Development with its own defaults (demo data, and a receiver on 127.0.0.1 allowed), no overrides.
/// </summary>
[Trait("Lane", "Browser")]
[Collection(BrowserCollection.Name)]
public class IntegrationsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new() { EnvironmentName = "Development" };
    private TestReceiver receiver = default!;
    private string baseUrl = "";

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        baseUrl = factory.StartKestrel();
    }

    private readonly List<IBrowserContext> contexts = [];

    private async Task<IPage> NewPageAsync()
    {
        var page = await browser.NewPageAsync(baseUrl);
        contexts.Add(page.Context);
        return page;
    }

    public async Task DisposeAsync()
    {
        // Close the browser first: an open Blazor circuit would hold the server's shutdown.
        foreach (var context in contexts) await context.CloseAsync();
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private static ILocator Tab(IPage page, string name) => page.Locator(".mud-tab", new() { HasText = name });

    [Fact]
    public async Task Admin_creates_an_integration_toggles_it_and_sends_a_test_event()
    {
        var page = await NewPageAsync();
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        await page.GotoAsync("/integrations");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Integrations");
        await Assertions.Expect(page.Locator(".empty-state")).ToContainTextAsync("No integrations yet");
        await page.ScreenshotAsync("integrations-hub-empty");

        await page.ClickToNavigateAsync(page.Locator("#set-up-integration").First, baseUrl + "/integrations/new");
        await Assertions.Expect(page.Locator("#cache-notice")).ToContainTextAsync("up to 5 minutes");

        // Saving empty shows the validator's messages inline and writes nothing.
        await page.Locator("#btn-save").ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Name");
        await Assertions.Expect(page.GetByText("Name is required.")).ToBeVisibleAsync();
        await page.ScreenshotAsync("integration-editor-validation");

        // General
        await page.FillAsync("#field-name", "Shop CRM");
        await page.FillAsync("#field-url", receiver.Url);
        await page.Locator("#field-url").BlurAsync();
        await Assertions.Expect(page.Locator("#http-warning")).ToContainTextAsync("Use HTTPS");
        await Assertions.Expect(page.Locator("#error-summary")).ToHaveCountAsync(0); // messages follow the form once shown
        await page.WaitForTimeoutAsync(400); // let the error outline fade before the screenshot
        await page.ScreenshotAsync("integration-editor-general");

        // Security: auth header and a freshly generated secret
        await Tab(page, "Security").ClickAsync();
        await page.FillAsync("#field-auth-name", "x-api-key");
        await page.FillAsync("#field-auth-value", "browser-key-123");
        await page.Locator("#btn-generate").ClickAsync();
        // The field shows the old (masked) value until the circuit's render arrives.
        await Assertions.Expect(page.Locator("#generated-secret")).Not.ToContainTextAsync("•");
        var secret = (await page.Locator("#generated-secret").InnerTextAsync()).Trim();
        Assert.StartsWith("whsec_", secret);
        Assert.DoesNotContain("•", secret);
        await page.ScreenshotAsync("integration-editor-security-new");

        // Options
        await Tab(page, "Options").ClickAsync();
        // Payload 2.0 carries answers and leads always: no Poltio switches, the words say so.
        await Assertions.Expect(page.Locator("#opt-content-always")).ToBeVisibleAsync();
        await page.Locator("#opt-incomplete").ClickAsync();
        await page.ScreenshotAsync("integration-editor-options");

        await page.Locator("#btn-save").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("/integrations/int_") && url.Contains("tab=test"));
        await Assertions.Expect(page.Locator("#btn-send-test")).ToBeVisibleAsync();

        Integration saved;
        await using (var db = factory.NewDb()) saved = await db.Integrations.AsNoTracking().SingleAsync();
        Assert.Equal("Shop CRM", saved.Name);
        Assert.True(saved.Active);
        Assert.True(saved.IncompleteSend);
        Assert.Equal("x-api-key", saved.AuthHeaderName);
        Assert.Equal(secret, factory.Services.GetRequiredService<IntegrationSecrets>().Unprotect(saved.SecretEncrypted));

        // Test: the receiver gets a signed request, and the page shows what was sent and received.
        receiver.Respond = async (_, ctx) =>
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, "{\"received\":true}");
        };
        await page.Locator("#btn-send-test").ClickAsync();
        await Assertions.Expect(page.Locator("#test-status")).ToContainTextAsync("Delivered", new() { Timeout = 20_000 });
        var request = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal("browser-key-123", request.Header("x-api-key"));
        var (ok, output) = await NodeVerifier.VerifyAsync(secret, request);
        Assert.True(ok, output);
        await Assertions.Expect(page.Locator("#test-request-headers")).ToContainTextAsync(IntegrationSecrets.Mask);
        Assert.DoesNotContain("browser-key-123", await page.Locator("#test-result").InnerTextAsync());
        await Assertions.Expect(page.Locator("#test-response-body")).ToContainTextAsync("received");
        await page.ScreenshotAsync("integration-editor-test-result");
        await page.Locator("#test-request-body").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("integration-editor-test-result-body");

        // Security tab of the saved integration: masked, reveal on demand (audited).
        await Tab(page, "Security").ClickAsync();
        await Assertions.Expect(page.Locator("#current-secret")).ToContainTextAsync("••••");
        await page.ScreenshotAsync("integration-editor-security-saved");
        // Which key signs which header, with receiver code.
        await page.Locator("#signature-help .mud-expand-panel-header").ClickAsync();
        await Assertions.Expect(page.Locator("#signature-keys")).ToContainTextAsync("whole secret string");
        await page.Locator("#snippet-tabs").GetByText("Python").ClickAsync();
        await Assertions.Expect(page.Locator("#snippet-tabs .snippet pre").Last).ToContainTextAsync("def verify_standard");
        await page.Locator("#signature-help").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("integration-editor-security-verify-help");
        await page.Locator("#btn-reveal-secret").ClickAsync();
        await Assertions.Expect(page.Locator("#current-secret")).ToHaveTextAsync(secret);
        await using (var db = factory.NewDb())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "integration.secret_revealed" && a.Actor == ConsoleFactory.AdminEmail));

        // Rotate: a new secret, the previous one still signing for 24 h.
        await page.Locator("#btn-rotate").ClickAsync();
        await page.Locator(".mud-dialog .mud-button", new() { HasText = "Rotate" }).ClickAsync();
        await Assertions.Expect(page.Locator("#rotated-alert")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#rotation-window")).ToContainTextAsync("previous secret also signs");
        var rotated = (await page.Locator("#current-secret").InnerTextAsync()).Trim();
        Assert.StartsWith("whsec_", rotated);
        Assert.NotEqual(secret, rotated);
        await page.ScreenshotAsync("integration-editor-security-rotated");

        // The hub: one row; switch it off, then on again.
        await page.Locator("#back-to-integrations").ClickAsync();
        await page.WaitForAddressAsync(url => url == baseUrl + "/integrations");
        var row = page.Locator("#integrations-table tbody tr", new() { HasText = "Shop CRM" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Account (all websites)");
        await Assertions.Expect(row).ToContainTextAsync("Participation");
        var toggle = row.Locator(".active-switch input");
        await Assertions.Expect(toggle).ToBeCheckedAsync();
        await page.ScreenshotAsync("integrations-hub");

        await row.Locator(".active-switch").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "is now inactive" })).ToContainTextAsync("new events are kept as skipped deliveries");
        await Assertions.Expect(toggle).Not.ToBeCheckedAsync();
        Integration inactive;
        await using (var db = factory.NewDb()) inactive = await db.Integrations.AsNoTracking().SingleAsync();
        Assert.False(inactive.Active);
        // An event routed to it while off is kept as a skipped delivery.
        var kept = await factory.AddDeliveryAsync(inactive, enqueue: false, claimed: true);
        await using (var db = factory.NewDb())
        {
            var d = await db.Deliveries.SingleAsync(x => x.Id == kept.Id);
            DeliveryLifecycle.Skip(d, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        await page.WaitForTimeoutAsync(500); // snackbar fade-in
        await page.ScreenshotAsync("integrations-hub-toggled");

        await row.Locator(".active-switch").ClickAsync();
        // Switched back on: the skipped event is offered for replay at once.
        var offer = page.Locator(".mud-snackbar", new() { HasText = "is now active" });
        await Assertions.Expect(offer).ToContainTextAsync("1 event was skipped while it was inactive");
        await Assertions.Expect(toggle).ToBeCheckedAsync();
        await using (var db = factory.NewDb()) Assert.True((await db.Integrations.AsNoTracking().SingleAsync()).Active);
        await page.ScreenshotAsync("integrations-hub-reactivated");
        await offer.GetByText("Review").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("status=skipped") && url.Contains(inactive.Id));
        await Assertions.Expect(page.Locator("tbody tr", new() { HasText = kept.Id })).ToHaveCountAsync(1);
        await page.GoBackAsync();
        await page.WaitForAddressAsync(url => url == baseUrl + "/integrations");

        // The row's send button opens the Test tab; the new secret signs the next test.
        await row.Locator("[aria-label='Send test event']").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("tab=test"));
        await page.Locator("#btn-send-test").ClickAsync();
        await Assertions.Expect(page.Locator("#test-status")).ToContainTextAsync("Delivered", new() { Timeout = 20_000 });
        var second = (await receiver.WaitForAsync(2))[1];
        Assert.Equal(2, second.Header("webhook-signature")!.Split(' ').Length); // new and previous secret during rotation
        Assert.True((await NodeVerifier.VerifyAsync(rotated, second)).Ok);
        Assert.True((await NodeVerifier.VerifyAsync(secret, second)).Ok);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_support_user_sees_a_read_only_view_without_secrets()
    {
        var created = await factory.Services.GetRequiredService<IntegrationService>().CreateAsync(
            new IntegrationRequest("Loyalty CRM", "https://crm.example.com/loyalty", IntegrationKind.Loyalty, AuthHeaderName: "Authorization", AuthHeaderValue: "Bearer hidden-token"), "test");
        var service = factory.Services.GetRequiredService<IntegrationService>();
        var scoped = await service.CreateAsync(new IntegrationRequest("Sunny Radio CRM", "https://crm.sunnyradio.example/webhooks", IntegrationKind.Participation, WebsiteId: "web-1001"), "test");
        await service.CreateAsync(new IntegrationRequest("Legacy export", "https://legacy.example.com/hook", IntegrationKind.Participation, Active: false, PayloadVersion: "1.0"), "test");
        await using (var db = factory.NewDb())
        {
            var at = DateTimeOffset.UtcNow.AddMinutes(-7);
            db.Deliveries.Add(Delivery.FromRow(new DeliveryRow
            {
                Id = WebhookConsole.Data.Ids.New("dlv"),
                EventId = "evt_1",
                EventType = "loyalty.points_earned",
                IntegrationId = created.Id,
                Status = DeliveryStatus.Succeeded,
                AttemptCount = 1,
                LastStatusCode = 200,
                CreatedAt = at,
                UpdatedAt = at,
                MessageId = "msg_1",
                Payload = "[]"u8.ToArray(),
            }));
            db.Deliveries.Add(Delivery.FromRow(new DeliveryRow
            {
                Id = WebhookConsole.Data.Ids.New("dlv"),
                EventId = "evt_2",
                EventType = "participation.completed",
                IntegrationId = scoped.Id,
                Status = DeliveryStatus.Failed,
                AttemptCount = 8,
                LastStatusCode = 503,
                CreatedAt = at,
                UpdatedAt = at.AddMinutes(5),
                MessageId = "msg_2",
                Payload = "{}"u8.ToArray(),
            }));
            await db.SaveChangesAsync();
        }
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().CreateAsync(new NewUser("support@test.local", "Support-Password-1", [Roles.Support]), "test");

        var page = await NewPageAsync();
        await page.SignInAsync("support@test.local", "Support-Password-1");
        await page.GotoAsync("/integrations");
        var row = page.Locator("#integrations-table tbody tr", new() { HasText = "Loyalty CRM" });
        await Assertions.Expect(row).ToContainTextAsync("Active");
        await Assertions.Expect(row).ToContainTextAsync("Succeeded");
        var scopedRow = page.Locator("#integrations-table tbody tr", new() { HasText = "Sunny Radio CRM" });
        await Assertions.Expect(scopedRow).ToContainTextAsync("Website: Sunny Radio");
        await Assertions.Expect(scopedRow).ToContainTextAsync("Failed · 503");
        await Assertions.Expect(page.Locator("#integrations-table tbody tr", new() { HasText = "Legacy export" })).ToContainTextAsync("deprecated");
        await Assertions.Expect(page.Locator(".active-switch")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#set-up-integration")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("integrations-hub-support");

        await page.GotoAsync($"/integrations/{created.Id}?tab=security");
        await Assertions.Expect(page.Locator("#read-only-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#signing-state")).ToContainTextAsync("hidden");
        await Assertions.Expect(page.Locator("#btn-save")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#btn-reveal-secret")).ToHaveCountAsync(0);
        var html = await page.ContentAsync();
        Assert.DoesNotContain(created.Secret!, html);
        Assert.DoesNotContain("hidden-token", html);
        await page.ScreenshotAsync("integration-editor-support");
    }
}
