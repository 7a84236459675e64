using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Identity;

/// <summary>Least privilege: `Ingest` keys post events and nothing else; keys are created and revoked over the API.</summary>
[Trait("Lane", "Integration")]
public class ApiKeysApiTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private static readonly object PointsEarned = new { type = "loyalty.points_earned", source = new { programId = "prg-1" }, data = new { member = new { id = "m-1" } } };

    public async Task InitializeAsync()
    {
        var response = await factory.ApiClient().PostAsJsonAsync("/api/v1/programs", new { id = "prg-1", name = "Rewards" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    public static TheoryData<string, string> EverythingButEvents => new()
    {
        { "GET", "/api/v1/websites" }, { "POST", "/api/v1/programs" }, { "GET", "/api/v1/integrations" },
        { "POST", "/api/v1/integrations" }, { "DELETE", "/api/v1/integrations/int_x" }, { "GET", "/api/v1/push-rules" },
        { "POST", "/api/v1/push-rules" }, { "GET", "/api/v1/mapping-variables" }, { "GET", "/api/v1/deliveries" },
        { "POST", "/api/v1/deliveries/replay" }, { "GET", "/api/v1/events/evt_x" }, { "GET", "/api/v1/api-keys" },
        { "POST", "/api/v1/api-keys" }, { "DELETE", "/api/v1/api-keys/key_x" },
    };

    [Theory]
    [MemberData(nameof(EverythingButEvents))]
    public async Task An_ingest_key_gets_403_everywhere_but_events(string method, string path)
    {
        var ingest = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Ingest));
        var response = await ingest.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { name = "x" }) });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_ingest_key_posts_events_and_batches()
    {
        var ingest = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Ingest));
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsJsonAsync("/api/v1/events", PointsEarned)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsJsonAsync("/api/v1/events/batch", new { events = new[] { PointsEarned } })).StatusCode);
    }

    [Fact]
    public async Task Two_active_keys_cannot_share_a_name()
    {
        var admin = factory.ApiClient();
        var first = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "Platform", role = "Ingest" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = " platform ", role = "Support" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already named", await again.Content.ReadAsStringAsync());
        // Once revoked, the name is free again.
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "Platform", role = "Ingest" })).StatusCode);
    }

    [Fact]
    public async Task Keys_are_created_shown_once_listed_and_revoked_over_the_api()
    {
        var admin = factory.ApiClient();
        var create = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "Platform ingest", role = "Ingest" });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var created = await create.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        var value = created.GetProperty("key").GetString()!;
        Assert.StartsWith("whc_", value);
        Assert.Equal($"/api/v1/api-keys/{id}", create.Headers.Location?.OriginalString);

        var ingest = factory.ApiClient(value);
        Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostAsJsonAsync("/api/v1/events", PointsEarned)).StatusCode);

        var listText = await admin.GetStringAsync("/api/v1/api-keys");
        Assert.DoesNotContain(value, listText);
        var listed = JsonDocument.Parse(listText).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.Equal("Ingest", listed.GetProperty("role").GetString());
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.StartsWith(listed.GetProperty("prefix").GetString()!, value);
        Assert.Contains(JsonDocument.Parse(listText).RootElement.EnumerateArray(), k => k.GetProperty("bootstrap").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ingest.PostAsJsonAsync("/api/v1/events", PointsEarned)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/api-keys/key_missing")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","role":"Root"}""", "role")]
    [InlineData("""{"name":"","role":"Ingest"}""", "name")]
    [InlineData("""{"name":"a\u0000b","role":"Ingest"}""", "name")]
    [InlineData("""{"name":"x","role":"Ingest","expires":"never"}""", "expires")]
    public async Task Bad_key_requests_are_400_naming_the_field_and_create_nothing(string body, string field)
    {
        var admin = factory.ApiClient();
        var before = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).GetArrayLength();
        var response = await admin.PostAsync("/api/v1/api-keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).GetArrayLength());
    }

    [Fact]
    public async Task Only_admin_keys_manage_keys()
    {
        foreach (var role in new[] { Roles.ProgramManager, Roles.Support })
        {
            var client = factory.ApiClient(await factory.CreateApiKeyAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/api-keys")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "mine", role = "Admin" })).StatusCode);
        }
    }

    [Fact]
    public async Task A_revoked_bootstrap_key_stays_revoked_across_restarts_until_its_value_changes()
    {
        var database = Path.Combine(Path.GetTempPath(), $"wc-keys-{Guid.NewGuid():N}.db");
        const string newValue = "whc_test_rotated_bootstrap_0123456789";
        try
        {
            await using (var first = Restarted(database))
            {
                var admin = first.ApiClient();
                var keys = await admin.GetFromJsonAsync<JsonElement>("/api/v1/api-keys");
                var bootstrap = keys.EnumerateArray().Single(k => k.GetProperty("bootstrap").GetBoolean());
                Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/api-keys/{bootstrap.GetProperty("id").GetString()}")).StatusCode);
            }
            await using (var second = Restarted(database))
                Assert.Equal(HttpStatusCode.Unauthorized, (await second.ApiClient().GetAsync("/api/v1/websites")).StatusCode);
            await using (var third = Restarted(database, newValue))
            {
                Assert.Equal(HttpStatusCode.OK, (await third.ApiClient(newValue).GetAsync("/api/v1/websites")).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await third.ApiClient().GetAsync("/api/v1/websites")).StatusCode);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*")) File.Delete(file);
        }
    }

    [Fact]
    public async Task Random_wrong_keys_do_not_grow_the_lookup_cache_without_bound()
    {
        var keys = factory.Services.GetRequiredService<ApiKeyService>();
        for (var i = 0; i < 12_000; i++) await keys.FindActiveAsync($"whc_wrong_{i}");
        Assert.InRange(keys.CachedLookups, 1, 10_000);
    }

    private static ConsoleFactory Restarted(string database, string? bootstrapKey = null)
    {
        var factory = new ConsoleFactory().With("ConnectionStrings:Sqlite", $"Data Source={database}");
        if (bootstrapKey is not null) factory.With("Bootstrap:ApiKey", bootstrapKey);
        _ = factory.Server;
        return factory;
    }
}
