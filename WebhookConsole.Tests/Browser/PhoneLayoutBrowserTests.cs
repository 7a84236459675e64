using Microsoft.Playwright;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Browser;

/// <summary>Every page at phone widths: nothing scrolls sideways, and Sign out can be reached.</summary>
[Collection(BrowserCollection.Name)]
public class PhoneLayoutBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory().With("DemoData:Enabled", "true");
    private string baseUrl = "";

    public static readonly string[] Pages =
    [
        "/", "/integrations", "/integrations/new", "/push-rules", "/event-logs", "/inspector", "/signature-checker", "/sources",
        "/mapping-variables", "/settings/users", "/settings/api-keys", "/settings/audit-log", "/account/password",
    ];

    public Task InitializeAsync()
    {
        baseUrl = factory.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await factory.DisposeAsync();
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(360, 740)]
    public async Task Every_page_fits_the_width_and_sign_out_is_reachable(int width, int height)
    {
        var page = await browser.NewPageAsync(baseUrl, width, height);
        // On a phone the drawer starts closed: signed in once the dashboard's heading shows.
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", ConsoleFactory.AdminEmail);
        await page.FillAsync("#password", ConsoleFactory.AdminPassword);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        var problems = new List<string>();
        foreach (var path in Pages)
        {
            await page.GotoAsync(path);
            await page.Locator("h1").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.ScreenshotAsync($"phone-{width}{path.Replace('/', '-').TrimEnd('-')}");
            var (scroll, inner) = await WidthsAsync(page);
            if (scroll > inner) problems.Add($"{path}: the page is {scroll} px wide in a {inner} px window");
            if (path.StartsWith("/account", StringComparison.Ordinal)) continue;
            if (!await SignOutReachableAsync(page)) problems.Add($"{path}: Sign out cannot be reached");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_dashboard_fits_a_desktop_window_too()
    {
        var page = await browser.NewPageAsync(baseUrl, 1400, 900);
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        await page.Locator("h1").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync("dashboard-desktop");
        var (scroll, inner) = await WidthsAsync(page);
        Assert.True(scroll <= inner, $"{scroll} > {inner}");
        Assert.True(await page.Locator("#sign-out").IsVisibleAsync());
    }

    private static async Task<(int Scroll, int Inner)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }

    /// <summary>Visible in the app bar, or in the drawer once the menu button opened it; on screen either way.</summary>
    private static async Task<bool> SignOutReachableAsync(IPage page)
    {
        if (await OnScreenAsync(page, page.Locator("#sign-out"))) return true;
        var drawerButton = page.Locator("#drawer-sign-out");
        if (!await OnScreenAsync(page, drawerButton))
        {
            await page.Locator("header button[aria-label='Toggle navigation']").ClickAsync();
        }
        // The drawer slides in: poll until the button rests on screen, or give up.
        for (var i = 0; i < 25; i++)
        {
            if (await OnScreenAsync(page, drawerButton)) return true;
            await page.WaitForTimeoutAsync(200);
        }
        return false;
    }

    private static async Task<bool> OnScreenAsync(IPage page, ILocator locator)
    {
        if (await locator.CountAsync() == 0 || !await locator.First.IsVisibleAsync()) return false;
        var box = await locator.First.BoundingBoxAsync();
        var size = page.ViewportSize!;
        return box is not null && box.X >= 0 && box.Y >= 0 && box.X + box.Width <= size.Width && box.Y + box.Height <= size.Height;
    }
}
