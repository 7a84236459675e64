using System.Net;
using WebhookConsole.Tests.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Hosting;

/// <summary>Strict response headers, and Secure cookies behind a trusted TLS proxy only.</summary>
[Trait("Lane", "Integration")]
public class SecurityHeadersTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/api/v1/websites")]
    [InlineData("/app.css")]
    [InlineData("/no-such-page")]
    [InlineData("/api/v1/integrations/int_missing")] // an error answer written by the exception handler
    public async Task Every_response_carries_the_strict_headers(string path)
    {
        var response = await factory.ApiClient().GetAsync(path);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Kestrel_names_no_server_and_a_probe_answers_with_its_length()
    {
        await using var console = new ConsoleFactory();
        using var client = new HttpClient { BaseAddress = new Uri(console.StartKestrel()) };
        foreach (var path in new[] { "/health", "/account/login", "/api/v1/event-types" })
            Assert.False((await client.GetAsync(path)).Headers.Contains("Server"), path);

        var probe = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        var body = await probe.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, probe.Content.Headers.ContentLength);
        Assert.NotEqual(true, probe.Headers.TransferEncodingChunked);
    }

    [Fact]
    public async Task Cookies_are_secure_when_a_trusted_proxy_says_the_request_came_over_https()
    {
        await using var proxied = new ConsoleFactory().With("ForwardedHeaders:KnownProxies", "127.0.0.2");
        var baseUrl = proxied.StartKestrel();

        async Task<string> AuthCookieFrom(IPAddress source)
        {
            // The client speaks plain HTTP, as the proxy does; it passes cookies on itself, Secure or not, as a browser on HTTPS would.
            using var client = SourceBoundClient.Create(baseUrl, source, useCookies: false);
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            var page = await client.GetAsync("/account/login");
            var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            var token = SignInForm.TokenIn(await page.Content.ReadAsStringAsync());
            using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Email", ConsoleFactory.AdminEmail), new("Password", ConsoleFactory.AdminPassword)]),
            };
            post.Headers.Add("Cookie", cookies);
            var response = await client.SendAsync(post);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("webhookconsole.auth=", StringComparison.Ordinal));
        }

        Assert.Contains("secure", await AuthCookieFrom(IPAddress.Parse("127.0.0.2")), StringComparison.OrdinalIgnoreCase);
        // Anyone else claiming HTTPS is not believed: the connection was plain HTTP.
        Assert.DoesNotContain("secure", await AuthCookieFrom(IPAddress.Loopback), StringComparison.OrdinalIgnoreCase);
    }
}
