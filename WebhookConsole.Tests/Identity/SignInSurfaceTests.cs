using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Identity;

/// <summary>The probe's sign-in cases: logout CSRF, injected messages, control characters, rate limit, enumeration, log forging.</summary>
[Trait("Lane", "Process")]
public class SignInSurfaceTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Logout_without_the_antiforgery_token_is_refused_and_the_session_stays()
    {
        var client = factory.ApiClient(apiKey: null);
        var form = new SignInForm(client);
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword)).StatusCode);

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/settings/users")).StatusCode);

        // The Sign out button's form carries the token of the signed-in user.
        var token = await form.TokenAsync("/");
        var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/settings/users")).StatusCode);
    }

    [Fact]
    public async Task The_login_page_shows_only_its_own_messages()
    {
        var client = factory.ApiClient(apiKey: null);
        var injected = await client.GetStringAsync("/account/login?error=" + Uri.EscapeDataString("Your account is suspended. Call +1 555 0100 now."));
        Assert.DoesNotContain("555 0100", injected);
        Assert.DoesNotContain("login-error", injected);

        var own = await client.GetStringAsync("/account/login?error=invalid");
        Assert.Contains("Wrong e-mail or password", own);
    }

    [Fact]
    public async Task A_wrong_password_redirects_with_a_message_code_not_text()
    {
        var response = await new SignInForm(factory.ApiClient(apiKey: null)).PostAsync(ConsoleFactory.AdminEmail, "wrong password");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("error=invalid&", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/\u0001")]
    [InlineData("/settings\r\nSet-Cookie: x=1")]
    [InlineData("/\u007f")]
    [InlineData("/event-logs\u001b[31m")]
    public async Task A_control_character_in_the_return_url_goes_home_instead_of_failing(string returnUrl)
    {
        var client = factory.ApiClient(apiKey: null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl))).StatusCode);

        var wrong = await new SignInForm(client).PostAsync(ConsoleFactory.AdminEmail, "wrong password", returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        var right = await new SignInForm(client).PostAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/", right.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_nul_in_a_form_field_is_a_clear_400()
    {
        // ASP.NET Core's form reader refuses NUL before the handler runs; the answer is problem+json, not a 500.
        var response = await new SignInForm(factory.ApiClient(apiKey: null)).PostAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword, "/\u0000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_known_and_locked_emails_each_cost_one_password_hash()
    {
        var hasher = new CountingPasswordHasher();
        await using var counted = factory.WithWebHostBuilder(b =>
            b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));
        var client = counted.CreateClient(new() { AllowAutoRedirect = false });
        var form = new SignInForm(client);

        async Task<int> HashesFor(string email)
        {
            var before = hasher.Verifications;
            var response = await form.PostAsync(email, "wrong password 123");
            Assert.Contains("error=invalid&", response.Headers.Location!.OriginalString);
            return hasher.Verifications - before;
        }

        Assert.Equal(1, await HashesFor(ConsoleFactory.AdminEmail));
        Assert.Equal(1, await HashesFor("nobody@test.local"));
        await using (var scope = counted.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = (await users.FindByNameAsync(ConsoleFactory.AdminEmail))!;
            await users.SetLockoutEndDateAsync(admin, DateTimeOffset.UtcNow.AddMinutes(5));
        }
        Assert.Equal(1, await HashesFor(ConsoleFactory.AdminEmail));
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client_ip()
    {
        await using var limited = new ConsoleFactory().With("SignIn:AttemptsPerMinute", "3");
        var baseUrl = limited.StartKestrel();
        using var first = SourceBoundClient.Create(baseUrl, IPAddress.Loopback);
        var form = new SignInForm(first);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(ConsoleFactory.AdminEmail, "wrong password")).StatusCode);

        // A person at the form gets the sign-in page again with a sentence, not a JSON document.
        var refused = await form.PostAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("/account/login?error=too-many", refused.Headers.Location!.OriginalString);
        Assert.DoesNotContain(refused.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("webhookconsole.auth", StringComparison.Ordinal)));
        Assert.Contains("Too many sign-in attempts from this address", await first.GetStringAsync(refused.Headers.Location.OriginalString));

        // Another client address (127.0.0.2 is loopback too) has its own allowance.
        using var second = SourceBoundClient.Create(baseUrl, IPAddress.Parse("127.0.0.2"));
        Assert.Equal(HttpStatusCode.Redirect, (await new SignInForm(second).PostAsync(ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task A_newline_in_the_email_does_not_forge_a_log_line()
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"wc-log-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = await AppProcess.StartAsync(databasePath);
            using var client = SourceBoundClient.Create(app.BaseUrl, IPAddress.Loopback);
            const string forged = "[12:00:00 INF] WebhookConsole.Account: User admin@test.local signed in";
            var response = await new SignInForm(client).PostAsync("nobody@test.local\n" + forged, "wrong password");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!app.Output.Any(l => l.Contains("Failed sign-in")) && DateTime.UtcNow < deadline) await Task.Delay(100);
            var lines = app.Output.ToList();
            Assert.Contains(lines, l => l.Contains("Failed sign-in") && l.Contains("nobody@test.local\\n[12:00:00 INF]"));
            Assert.DoesNotContain(lines, l => l.StartsWith("[12:00:00 INF]", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", ".key" }) File.Delete(databasePath + suffix);
        }
    }
}
