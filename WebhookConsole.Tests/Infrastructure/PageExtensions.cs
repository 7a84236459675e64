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
        for (var attempt = 1; ; attempt++)
        {
            await target.ClickAsync();
            try
            {
                await page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 7_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }
}
