using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WebhookConsole.Integrations;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Browser;

/// <summary>
/// Every page at phone widths, a delivery's detail included: nothing scrolls sideways or sticks out of the window (hidden
/// or not), Sign out can be reached, and so can the hub's Active switches.
/// </summary>
[Trait("Lane", "Browser")]
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
        var page = await SignedInPageAsync(width, height);
        var problems = new List<string>();
        var (_, deliveryId) = await AddIntegrationWithDeliveryAsync();
        foreach (var path in Pages.Append($"/event-logs/{deliveryId}"))
        {
            await page.GotoAsync(path);
            await page.Locator("h1").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.ScreenshotAsync($"phone-{width}{path.Replace('/', '-').TrimEnd('-')}");
            var (scroll, inner) = await WidthsAsync(page);
            if (scroll > inner) problems.Add($"{path}: the page is {scroll} px wide in a {inner} px window");
            foreach (var element in await StickingOutAsync(page)) problems.Add($"{path}: {element} reaches past the {inner} px window");
            if (path == "/integrations" && await ActiveSwitchProblemAsync(page) is { } problem) problems.Add($"{path}: {problem}");
            if (path.StartsWith("/account", StringComparison.Ordinal)) continue;
            if (!await SignOutReachableAsync(page)) problems.Add($"{path}: Sign out cannot be reached");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task A_long_unbroken_integration_name_wraps_in_its_cell_instead_of_widening_the_table(int width, int height)
    {
        var longName = "Integration" + new string('W', 189);
        await AddIntegrationWithDeliveryAsync(longName);
        var page = await SignedInPageAsync(width, height);
        var problems = new List<string>();
        foreach (var path in new[] { "/integrations", "/event-logs" })
        {
            await page.GotoAsync(path);
            await page.Locator("h1").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (path == "/integrations") await page.GetByText(longName).First.WaitForAsync();
            await page.ScreenshotAsync($"long-name-{width}{path.Replace('/', '-')}");
            var wide = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.mud-table-container')].filter(c => c.scrollWidth > c.clientWidth + 1)
                    .map(c => `${c.closest('[id]')?.id ?? 'a table'} is ${c.scrollWidth} px wide in ${c.clientWidth} px`)
                """);
            problems.AddRange(wide.Select(w => $"{path}: {w}"));
            foreach (var element in await StickingOutAsync(page)) problems.Add($"{path}: {element} reaches past the window");
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

    /// <summary>On a phone the drawer starts closed: signed in once the login page is left.</summary>
    private async Task<IPage> SignedInPageAsync(int width, int height)
    {
        var page = await browser.NewPageAsync(baseUrl, width, height);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", ConsoleFactory.AdminEmail);
        await page.FillAsync("#password", ConsoleFactory.AdminPassword);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        return page;
    }

    /// <summary>An integration (at an address that never answers) with one delivery, whose detail page has a payload to show.</summary>
    private async Task<(Integration Integration, string DeliveryId)> AddIntegrationWithDeliveryAsync(string? name = null)
    {
        var integration = await factory.AddIntegrationAsync("https://receiver.invalid/webhooks/loyalty", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        if (name is not null)
        {
            await using var db = factory.NewDb();
            await db.Integrations.Where(i => i.Id == integration.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.Name, name));
        }
        var delivery = await factory.AddDeliveryAsync(integration, """[{"id":"evt_phone","type":"loyalty.points_earned","data":{"member":{"id":"mem-1001"},"points":25}}]""", enqueue: false);
        return (integration, delivery.Id);
    }

    /// <summary>
    /// Elements of the page whose right edge lies past the window, unless a scrolling or clipping box (a code block, a
    /// table's own scroller, an ellipsis) holds them: what a rule hiding the page's overflow would cut off unseen.
    /// </summary>
    private static async Task<string[]> StickingOutAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => {
            const width = window.innerWidth, found = [];
            for (const el of document.querySelectorAll('.mud-main-content *')) {
                const box = el.getBoundingClientRect();
                if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
                let held = false;
                for (let a = el.parentElement; a && !a.classList.contains('mud-main-content'); a = a.parentElement)
                    if (getComputedStyle(a).overflowX !== 'visible') { held = true; break; }
                if (!held) found.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].slice(0, 3).join('.')} (right edge ${Math.round(box.right)} px)`);
            }
            return found.slice(0, 8);
        }
        """);

    /// <summary>The first integration's Active switch: shown, and within the window once scrolled to.</summary>
    private static async Task<string?> ActiveSwitchProblemAsync(IPage page)
    {
        var toggle = page.Locator(".active-switch").First;
        if (await toggle.CountAsync() == 0 || !await toggle.IsVisibleAsync()) return "no Active switch is shown";
        await toggle.ScrollIntoViewIfNeededAsync();
        var box = await toggle.BoundingBoxAsync();
        var width = page.ViewportSize!.Width;
        return box is not null && box.X >= 0 && box.X + box.Width <= width ? null : $"the Active switch lies outside the window ({box?.X} px)";
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
