using System.Net;
using System.Net.Http.Headers;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Identity;

/// <summary>
/// /api is authenticated by its key alone (the cookie pass is skipped there): a signed-in browser's cookie neither opens
/// the API nor gets in the way of a key, and the console's pages still know the signed-in user.
/// </summary>
[Trait("Lane", "Integration")]
public class ApiKeyOnlyTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_session_cookie_does_not_open_the_api_and_does_not_hide_a_key()
    {
        var (browser, _) = await UserSessions.SignInAsync(factory, ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        Assert.True(await UserSessions.OpensAsync(browser, "/settings/users"));

        var cookieOnly = await browser.GetAsync("/api/v1/programs");
        Assert.Equal(HttpStatusCode.Unauthorized, cookieOnly.StatusCode);
        Assert.Equal("application/problem+json", cookieOnly.Content.Headers.ContentType?.MediaType);

        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/v1/programs");
        withKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleFactory.AdminApiKey);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(withKey)).StatusCode);

        // The pages after the API calls: still signed in.
        Assert.True(await UserSessions.OpensAsync(browser, "/settings/users"));
    }

    [Fact]
    public async Task A_key_is_checked_on_every_call_with_its_role()
    {
        var value = await factory.CreateApiKeyAsync(Roles.ProgramManager);
        var client = factory.ApiClient(value);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/programs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/api-keys/key_any")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiClient(value + "x").GetAsync("/api/v1/programs")).StatusCode);
    }
}
