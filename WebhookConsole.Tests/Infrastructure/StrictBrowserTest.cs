using Microsoft.Playwright;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>
/// A browser test against the real app on a real socket with `Delivery:AllowPrivateNetworks=false`, as in production:
/// what reaches the console's own bins reaches them past the SSRF guard, nothing else does.
/// </summary>
public abstract class StrictBrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    protected const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    protected ConsoleFactory Factory { get; } = new ConsoleFactory().With("Delivery:AllowPrivateNetworks", "false");
    protected string BaseUrl { get; private set; } = "";
    private IPage? page;

    public Task InitializeAsync()
    {
        BaseUrl = Factory.StartKestrel();
        return Task.CompletedTask;
    }

    /// <summary>A page signed in as the admin.</summary>
    protected async Task<IPage> AdminPageAsync()
    {
        page = await browser.NewPageAsync(BaseUrl);
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        return page;
    }

    public async Task DisposeAsync()
    {
        // Close the browser first: an open Blazor circuit would hold the server's shutdown.
        if (page is not null) await page.Context.CloseAsync();
        await Factory.DisposeAsync();
    }
}
