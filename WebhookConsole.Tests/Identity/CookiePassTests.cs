using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Identity;

/// <summary>
/// The sign-in cookie's pass runs for the console's pages only: API calls (authenticated by their key) and the anonymous
/// probes skip it, and no second authentication middleware runs in front of the whole pipeline.
/// </summary>
[Trait("Lane", "Integration")]
public sealed class CookiePassTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private readonly CountingSchemes schemes = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Api_calls_and_probes_skip_the_cookie_pass_and_pages_run_it()
    {
        await using var counted = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddSingleton<IAuthenticationSchemeProvider>(provider => schemes.Wrap(provider.GetRequiredService<IOptions<AuthenticationOptions>>()))));
        var api = counted.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", ConsoleFactory.AdminApiKey);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/event-types")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/metrics")).StatusCode);
        Assert.Equal(0, schemes.DefaultAuthenticateLookups);

        Assert.Equal(HttpStatusCode.OK, (await counted.CreateClient().GetAsync("/account/login")).StatusCode);
        Assert.True(schemes.DefaultAuthenticateLookups >= 1, "a page ran without the cookie's pass");
    }

    /// <summary>Counts the authentication middleware's passes: each asks for the default authenticate scheme once.</summary>
    private sealed class CountingSchemes
    {
        private int lookups;
        public int DefaultAuthenticateLookups => Volatile.Read(ref lookups);

        public IAuthenticationSchemeProvider Wrap(IOptions<AuthenticationOptions> options) => new Provider(options, this);

        private sealed class Provider(IOptions<AuthenticationOptions> options, CountingSchemes counts) : AuthenticationSchemeProvider(options)
        {
            public override Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync()
            {
                Interlocked.Increment(ref counts.lookups);
                return base.GetDefaultAuthenticateSchemeAsync();
            }
        }
    }
}
