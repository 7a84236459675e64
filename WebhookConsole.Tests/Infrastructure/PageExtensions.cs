using Microsoft.Playwright;

namespace WebhookConsole.Tests.Infrastructure;

public static class PageExtensions
{
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        // The interactive circuit is up once the drawer renders.
        await page.Locator(".mud-nav-link").First.WaitForAsync();
    }

    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = false });

    /// <summary>
    /// Clicks something that navigates, clicking again if the first click landed while a live list was re-rendering
    /// the element (on a busy machine the click can hit the outgoing copy); fails if the page never gets there.
    /// </summary>
    public static async Task ClickToNavigateAsync(this IPage page, ILocator target, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            try
            {
                await target.ClickAsync(new() { Timeout = 5_000 });
                await page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                if (page.Url == url) return; // got there after all
            }
        }
    }

    /// <summary>
    /// Waits until the address matches, by polling it: a Blazor in-circuit navigation changes the URL without a load
    /// event, and one that lands before the wait starts must count too.
    /// </summary>
    public static async Task WaitForAddressAsync(this IPage page, Func<string, bool> matches, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!matches(page.Url))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the page stayed at {page.Url}");
            await Task.Delay(100);
        }
    }
}
