using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Browser;

[Trait("Lane", "Browser")]
[Collection(BrowserCollection.Name)]
public class NavigationBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private ConsoleFactory factory = new ConsoleFactory().With("DemoData:Enabled", "true");
    private string baseUrl = "";

    /// <summary>A SQLite file here; a PostgreSQL node in <see cref="NavigationOnPostgresBrowserTests"/>.</summary>
    protected virtual Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => Task.FromResult(factory);

    public async Task InitializeAsync()
    {
        factory = await OnProviderAsync(factory);
        baseUrl = factory.StartKestrel();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await factory.DisposeAsync();
    }

    public static TheoryData<string, string> DrawerPages => new()
    {
        { "Dashboard", "/" },
        { "Integrations", "/integrations" },
        { "Push rules", "/push-rules" },
        { "Event logs", "/event-logs" },
        { "Sources", "/sources" },
        { "Mapping variables", "/mapping-variables" },
        { "Users", "/settings/users" },
        { "API keys", "/settings/api-keys" },
        { "Audit log", "/settings/audit-log" },
    };

    [Fact]
    public async Task Admin_signs_in_and_opens_every_page_of_the_drawer()
    {
        var page = await browser.NewPageAsync(baseUrl);
        // The Content-Security-Policy must not block anything the pages use.
        var violations = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) violations.Enqueue(message.Text); };
        page.PageError += (_, error) => violations.Enqueue(error);
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);

        foreach (var (title, href) in DrawerPages.Select(row => ((string)row[0], (string)row[1])))
        {
            await page.Locator($".mud-navmenu a[href='{href}']").ClickAsync();
            await page.WaitForURLAsync(baseUrl + href);
            var heading = page.Locator("h1");
            await Assertions.Expect(heading).ToHaveTextAsync(title);
            await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.ScreenshotAsync("admin-" + (href == "/" ? "dashboard" : href.Trim('/').Replace('/', '-')));
        }
        Assert.Empty(violations);
    }

    [Fact]
    public async Task Sign_out_button_signs_out_with_its_antiforgery_token()
    {
        var page = await browser.NewPageAsync(baseUrl);
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync(url => url.Contains("/account/login"));
        await page.GotoAsync("/settings/users");
        await page.WaitForURLAsync(url => url.Contains("/account/login"));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", ConsoleFactory.AdminEmail);
        await page.FillAsync("#password", "not the password");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("Wrong e-mail or password");
        await page.ScreenshotAsync("login-error");
    }

    [Fact]
    public async Task Support_user_is_refused_the_users_page()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdminService>()
                .CreateAsync(new NewUser("support@test.local", "Support-Password-1", [Roles.Support]), "test");
        }

        var page = await browser.NewPageAsync(baseUrl);
        await page.SignInAsync("support@test.local", "Support-Password-1");
        await Assertions.Expect(page.Locator(".mud-navmenu a[href='/settings/users']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-navmenu a[href='/event-logs']")).ToHaveCountAsync(1);

        // Typing the address is refused by the server too, not just hidden in the menu.
        await page.GotoAsync("/settings/users");
        await Assertions.Expect(page.Locator("#access-denied")).ToBeVisibleAsync();
        Assert.DoesNotContain("New user", await page.ContentAsync());
        await page.ScreenshotAsync("support-users-denied");
    }

    /// <summary>The API reference (Scalar at /openapi) works offline: everything from the console, no hosted extras, a way home.</summary>
    [Fact]
    public async Task The_api_reference_loads_everything_from_the_console_and_links_home()
    {
        var page = await browser.NewPageAsync(baseUrl);
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, r) => requests.Enqueue(r.Url);

        await page.GotoAsync("/openapi");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Let late loaders (fonts, telemetry, AI widgets) start before the log is read.
        await page.WaitForTimeoutAsync(1500);
        await page.ScreenshotAsync("api-reference");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "WebhookConsole API" })).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var elsewhere = requests.Where(url => !url.StartsWith(baseUrl + "/", StringComparison.Ordinal)
                                              && !url.StartsWith("data:", StringComparison.Ordinal)
                                              && !url.StartsWith("blob:", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(elsewhere.Count == 0, "requests to other hosts: " + string.Join(", ", elsewhere));
        Assert.Contains(requests, url => url.StartsWith(baseUrl + "/openapi/v1.json", StringComparison.Ordinal));

        foreach (var hosted in new[] { "Deploy", "Ask AI", "Generate SDK" })
            await Assertions.Expect(page.GetByText(hosted, new() { Exact = false })).ToHaveCountAsync(0);

        var home = page.Locator("#console-home");
        await Assertions.Expect(home).ToBeVisibleAsync();
        await home.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/openapi"));
        Assert.StartsWith(baseUrl + "/", page.Url);
        Assert.DoesNotContain("/openapi", page.Url);
    }

    [Fact]
    public async Task Admin_adds_a_program_manager_and_copies_a_new_api_key()
    {
        var page = await browser.NewPageAsync(baseUrl);
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        await page.GotoAsync("/settings/users");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.Locator("#add-user").ClickAsync();
        await page.Locator("#new-email input, input#new-email").FillAsync("pm@test.local");
        await page.Locator("#new-password input, input#new-password").FillAsync("Pm-Password-1234");
        // Nothing is pre-ticked: choosing Program manager gives exactly that role.
        // Roles are checkboxes in the form: nothing opens over the Create button.
        await page.Locator("#new-roles label").Filter(new() { HasText = "Program manager" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-roles input[type=checkbox]:checked")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("users-new-program-manager");
        await page.Locator("#create-user").ClickAsync();
        var row = page.Locator("tr").Filter(new() { HasText = "pm@test.local" });
        // Exactly the chosen role, by its name for people.
        await Assertions.Expect(row.Locator("input").First).ToHaveValueAsync("Program manager");

        await page.GotoAsync("/settings/api-keys");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.Locator("#key-name input, input#key-name").FillAsync("Platform ingest");
        await page.Locator("#create-key").ClickAsync();
        await Assertions.Expect(page.Locator("#new-key-value pre")).ToContainTextAsync("whc_");
        await Assertions.Expect(page.Locator("#new-key-value button[aria-label=Copy]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("api-key-created");
    }

    [Fact]
    public async Task The_job_dashboard_shows_24_hour_utc_times_like_the_console()
    {
        // A browser five and a half hours off UTC, in a 12-hour locale.
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = baseUrl, TimezoneId = "Asia/Kolkata", Locale = "en-US" });
        var page = await context.NewPageAsync();
        await page.SignInAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        await page.GotoAsync("/hangfire/recurring");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("reconcile-deliveries");
        // Whatever the browser's zone and the server's culture: moment formats in UTC, 24 h.
        Assert.Equal("1970-01-01 13:05:00", await page.EvaluateAsync<string>("() => moment(13 * 3600 + 300, 'X').format('l LTS')"));
        var titles = await page.Locator("[data-moment]").EvaluateAllAsync<string[]>("els => els.map(e => e.title || e.getAttribute('data-original-title') || '')");
        Assert.NotEmpty(titles);
        Assert.All(titles, t => Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$", t));
        await page.ScreenshotAsync("hangfire-recurring-utc");
    }
}

/// <summary>The browser smoke against a console node on PostgreSQL.</summary>
[Trait("Lane", "Postgres")]
[Collection(BrowserCollection.Name)]
public class NavigationOnPostgresBrowserTests(BrowserFixture browser) : NavigationBrowserTests(browser)
{
    protected override Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => factory.OnPostgresAsync();
}
