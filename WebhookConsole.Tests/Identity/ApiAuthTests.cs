using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Identity;

[Trait("Lane", "Integration")]
public class ApiAuthTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_missing_key_gets_401_problem_json()
    {
        var response = await factory.ApiClient(apiKey: null).GetAsync("/api/v1/websites");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Bearer", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_wrong_key_gets_401()
    {
        var response = await factory.ApiClient("whc_not_a_real_key").GetAsync("/api/v1/websites");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("not valid", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_key_without_the_role_gets_403_and_changes_nothing()
    {
        var supportKey = await factory.CreateApiKeyAsync(Roles.Support);
        var client = factory.ApiClient(supportKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/websites")).StatusCode);

        var response = await client.PostAsJsonAsync("/api/v1/programs", new { id = "prg-1", name = "Rewards" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = factory.NewDb();
        Assert.Empty(db.Programs);
    }

    [Fact]
    public async Task A_revoked_key_stops_working()
    {
        var keys = factory.Services.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync("soon revoked", Roles.Admin, "test");
        var client = factory.ApiClient(created.Value);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/programs")).StatusCode);

        await keys.RevokeAsync(created.Key.Id, "test");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/programs")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_stored_hashed()
    {
        var value = await factory.CreateApiKeyAsync(Roles.Admin);
        await using var db = factory.NewDb();
        Assert.DoesNotContain(db.ApiKeys, k => k.Hash == value || k.Prefix == value);
        Assert.Contains(db.ApiKeys, k => k.Hash == ApiKeyService.Hash(value));
    }

    [Fact]
    public async Task Ui_pages_redirect_anonymous_users_to_sign_in()
    {
        var response = await factory.ApiClient(apiKey: null).GetAsync("/settings/users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_hangfire_dashboard_needs_a_signed_in_admin()
    {
        var response = await factory.ApiClient(apiKey: null).GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Health_answers_when_the_database_does()
    {
        var response = await factory.ApiClient(apiKey: null).GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api()
    {
        var doc = await factory.ApiClient(apiKey: null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/websites", out _));
    }
}
