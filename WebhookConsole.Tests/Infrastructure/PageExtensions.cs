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
}
