using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Identity;

/// <summary>
/// Calls with the same key while its lookup is cached share one principal (its claims are built once per lookup, not
/// per call); another key gets its own, and a revoked key gets none.
/// </summary>
[Trait("Lane", "Component")]
public sealed class ApiKeyTicketTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Calls_with_one_key_share_its_principal_until_the_key_is_revoked()
    {
        var support = await factory.CreateApiKeyAsync(Roles.Support);
        var ingest = await factory.CreateApiKeyAsync(Roles.Ingest);

        var first = await AuthenticateAsync(support);
        var second = await AuthenticateAsync(support);
        var other = await AuthenticateAsync(ingest);

        Assert.True(first.Succeeded);
        Assert.Same(first.Principal, second.Principal);
        Assert.True(first.Principal!.IsInRole(Roles.Support));
        Assert.NotSame(first.Principal, other.Principal);
        Assert.True(other.Principal!.IsInRole(Roles.Ingest));
        Assert.False(other.Principal.IsInRole(Roles.Support));

        var keys = factory.Services.GetRequiredService<ApiKeyService>();
        var id = (await keys.ListAsync()).Single(k => k.Hash == ApiKeyService.Hash(support)).Id;
        await keys.RevokeAsync(id, "test");
        var revoked = await AuthenticateAsync(support);
        Assert.False(revoked.Succeeded);
        Assert.Null(revoked.Principal);
    }

    private async Task<Microsoft.AspNetCore.Authentication.AuthenticateResult> AuthenticateAsync(string key)
    {
        using var scope = factory.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + key;
        var handler = scope.ServiceProvider.GetRequiredService<ApiKeyAuthenticationHandler>();
        await handler.InitializeAsync(new(ApiKeyAuthenticationHandler.SchemeName, null, typeof(ApiKeyAuthenticationHandler)), context);
        return await handler.AuthenticateAsync();
    }
}
