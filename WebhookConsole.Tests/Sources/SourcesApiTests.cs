using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Sources;

[Trait("Lane", "Integration")]
public class SourcesApiTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private HttpClient api = default!;

    public Task InitializeAsync()
    {
        api = factory.ApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Created_sources_are_listed()
    {
        await CreateWebsite("web-1");
        var campaign = await api.PostAsJsonAsync("/api/v1/campaigns", new { id = "cmp-1", websiteId = "web-1", name = "Quiz", type = "quiz" });
        Assert.Equal(HttpStatusCode.Created, campaign.StatusCode);
        var program = await api.PostAsJsonAsync("/api/v1/programs", new { id = "prg-1", name = "Rewards" });
        Assert.Equal(HttpStatusCode.Created, program.StatusCode);

        var websites = await api.GetFromJsonAsync<JsonElement>("/api/v1/websites");
        var site = Assert.Single(websites.EnumerateArray());
        Assert.Equal("web-1", site.GetProperty("id").GetString());
        Assert.Equal("sunny.example", site.GetProperty("domain").GetString());
        Assert.Equal("BE", site.GetProperty("country").GetString());
        var campaigns = await api.GetFromJsonAsync<JsonElement>("/api/v1/campaigns");
        Assert.Equal("web-1", Assert.Single(campaigns.EnumerateArray()).GetProperty("websiteId").GetString());
        var programs = await api.GetFromJsonAsync<JsonElement>("/api/v1/programs");
        Assert.Equal("Rewards", Assert.Single(programs.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_endpoint_returns_the_same_json_shape_with_the_version_as_etag()
    {
        // The HTTP API is a contract: these exact bodies (names, order, values) must not change.
        const string site1 = """{"id":"web-1","name":"Sunny","domain":"sunny.example","country":"BE","version":0}""";
        const string site2 = """{"id":"web-1","name":"Rainy","domain":"rainy.example","country":"FR","version":1}""";
        await AssertShape(HttpMethod.Post, "/api/v1/websites", new { id = "web-1", name = "Sunny", domain = "Sunny.Example", country = "be" }, HttpStatusCode.Created, site1, null);
        await AssertShape(HttpMethod.Get, "/api/v1/websites/web-1", null, HttpStatusCode.OK, site1, "\"0\"");
        await AssertShape(HttpMethod.Put, "/api/v1/websites/web-1", new { name = "Rainy", domain = "rainy.example", country = "fr" }, HttpStatusCode.OK, site2, "\"1\"");
        await AssertShape(HttpMethod.Get, "/api/v1/websites", null, HttpStatusCode.OK, $"[{site2}]", null);

        const string campaign1 = """{"id":"cmp-1","websiteId":"web-1","name":"Quiz","type":"quiz","version":0}""";
        const string campaign2 = """{"id":"cmp-1","websiteId":"web-1","name":"Poll","type":"poll","version":1}""";
        await AssertShape(HttpMethod.Post, "/api/v1/campaigns", new { id = "cmp-1", websiteId = "web-1", name = "Quiz", type = "quiz" }, HttpStatusCode.Created, campaign1, null);
        await AssertShape(HttpMethod.Get, "/api/v1/campaigns/cmp-1", null, HttpStatusCode.OK, campaign1, "\"0\"");
        await AssertShape(HttpMethod.Put, "/api/v1/campaigns/cmp-1", new { websiteId = "web-1", name = "Poll", type = "poll" }, HttpStatusCode.OK, campaign2, "\"1\"");
        await AssertShape(HttpMethod.Get, "/api/v1/campaigns", null, HttpStatusCode.OK, $"[{campaign2}]", null);
        await AssertShape(HttpMethod.Get, "/api/v1/campaigns?websiteId=web-1", null, HttpStatusCode.OK, $"[{campaign2}]", null);

        const string program1 = """{"id":"prg-1","name":"Rewards","version":0}""";
        const string program2 = """{"id":"prg-1","name":"Points","version":1}""";
        await AssertShape(HttpMethod.Post, "/api/v1/programs", new { id = "prg-1", name = "Rewards" }, HttpStatusCode.Created, program1, null);
        await AssertShape(HttpMethod.Get, "/api/v1/programs/prg-1", null, HttpStatusCode.OK, program1, "\"0\"");
        await AssertShape(HttpMethod.Put, "/api/v1/programs/prg-1", new { name = "Points" }, HttpStatusCode.OK, program2, "\"1\"");
        await AssertShape(HttpMethod.Get, "/api/v1/programs", null, HttpStatusCode.OK, $"[{program2}]", null);
    }

    [Fact]
    public async Task A_bad_field_gets_a_400_naming_it_and_writes_nothing()
    {
        var response = await api.PostAsJsonAsync("/api/v1/websites", new { id = "web-1", name = "Sunny", domain = "not a domain", country = "BE" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("domain", out _));
        await using var db = factory.NewDb();
        Assert.False(await db.Websites.AnyAsync());
    }

    [Fact]
    public async Task A_campaign_of_an_unknown_website_is_refused()
    {
        var response = await api.PostAsJsonAsync("/api/v1/campaigns", new { id = "cmp-1", websiteId = "nope", name = "Quiz", type = "quiz" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("nope", problem.GetProperty("errors").GetProperty("websiteId")[0].GetString());
    }

    [Fact]
    public async Task Malformed_json_gets_a_problem_400()
    {
        var response = await api.PostAsync("/api/v1/websites", new StringContent("{\"id\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_duplicate_id_is_a_conflict()
    {
        await CreateWebsite("web-1");
        var again = await api.PostAsJsonAsync("/api/v1/websites", new { id = "web-1", name = "Other", domain = "other.example", country = "FR" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await using var db = factory.NewDb();
        Assert.Equal("Sunny", (await db.Websites.SingleAsync()).Name);
    }

    [Fact]
    public async Task Deleting_a_website_in_use_is_refused_with_the_reason()
    {
        await CreateWebsite("web-1");
        await api.PostAsJsonAsync("/api/v1/campaigns", new { id = "cmp-1", websiteId = "web-1", name = "Quiz", type = "quiz" });

        var refused = await api.DeleteAsync("/api/v1/websites/web-1");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("1 campaign", problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/campaigns/cmp-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/websites/web-1")).StatusCode);
        await using var db = factory.NewDb();
        Assert.False(await db.Websites.AnyAsync());
    }

    [Fact]
    public async Task Changes_are_audited_with_the_key_name()
    {
        await CreateWebsite("web-1");
        await using var db = factory.NewDb();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "website.created");
        Assert.Equal("web-1", entry.EntityId);
        Assert.StartsWith("apikey:", entry.Actor);
        Assert.Contains("sunny.example", entry.After);
    }

    private async Task AssertShape(HttpMethod method, string url, object? body, HttpStatusCode status, string expectedJson, string? etag)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await api.SendAsync(request);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(expectedJson, await response.Content.ReadAsStringAsync());
        if (etag is not null) Assert.Equal(etag, response.Headers.ETag?.Tag);
    }

    private async Task CreateWebsite(string id)
    {
        var response = await api.PostAsJsonAsync("/api/v1/websites", new { id, name = "Sunny", domain = "Sunny.Example", country = "be" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
