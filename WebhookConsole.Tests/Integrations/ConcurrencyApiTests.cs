using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Integrations;

/// <summary>Two API clients edit the same resource: the one holding an old ETag gets 412 and changes nothing.</summary>
[Trait("Lane", "Integration")]
public class ConcurrencyApiTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private HttpClient first = default!, second = default!;

    public Task InitializeAsync()
    {
        first = factory.ApiClient();
        second = factory.ApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static async Task<string> ETagOf(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("ETag"));
    }

    private static HttpRequestMessage With(HttpMethod method, string url, string? etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    [Fact]
    public async Task A_stale_integration_patch_gets_412_and_does_not_revert_the_other_change()
    {
        var created = await first.PostAsJsonAsync("/api/v1/integrations",
            new { name = "CRM", url = "https://crm.example.com/a", kind = "participation", authHeaderName = "x-api-key", authHeaderValue = "one-value" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var url = $"/api/v1/integrations/{id}";
        var etagA = await ETagOf(first, url);
        var etagB = await ETagOf(second, url);
        Assert.Equal(etagA, etagB);

        var a = await first.SendAsync(With(HttpMethod.Patch, url, etagA, new { url = "https://crm.example.com/new", authHeaderValue = "two-value" }));
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.NotEqual(etagA, Assert.Single(a.Headers.GetValues("ETag")));

        var b = await second.SendAsync(With(HttpMethod.Patch, url, etagB, new { url = "https://crm.example.com/old" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, b.StatusCode);
        Assert.Equal("application/problem+json", b.Content.Headers.ContentType?.MediaType);
        Assert.Contains("changed by someone else", await b.Content.ReadAsStringAsync());
        var bPut = await second.SendAsync(With(HttpMethod.Put, url, etagB, new { name = "CRM", url = "https://crm.example.com/old", kind = "participation" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, bPut.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await second.SendAsync(With(HttpMethod.Delete, url, etagB))).StatusCode);

        var stored = await second.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal("https://crm.example.com/new", stored.GetProperty("url").GetString());
        await using (var db = factory.NewDb())
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.EntityId == id && e.Action == "integration.updated"));

        // If-Match stays optional (never 428), and a tag that is not ours never matches.
        Assert.Equal(HttpStatusCode.OK, (await second.SendAsync(With(HttpMethod.Patch, url, null, new { active = false }))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await second.SendAsync(With(HttpMethod.Patch, url, "\"abc\"", new { active = true }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.SendAsync(With(HttpMethod.Patch, url, "*", new { active = true }))).StatusCode);
        var fresh = await ETagOf(second, url);
        Assert.Equal(HttpStatusCode.OK, (await second.SendAsync(With(HttpMethod.Delete, url, fresh))).StatusCode);
    }

    [Fact]
    public async Task Push_rules_mapping_variables_and_sources_refuse_a_stale_if_match()
    {
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsJsonAsync("/api/v1/websites", new { id = "w1", name = "Shop", domain = "shop.example.com", country = "BE" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsJsonAsync("/api/v1/campaigns", new { id = "c1", websiteId = "w1", name = "Quiz", type = "quiz" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsJsonAsync("/api/v1/programs", new { id = "p1", name = "Club" })).StatusCode);
        var variable = await (await first.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "colour", label = "Colour", type = "answer", sourceId = "q1" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var rule = await (await first.PostAsJsonAsync("/api/v1/push-rules", new { scope = new { kind = "account" }, eventTypes = new[] { "participation.completed" }, destinations = Array.Empty<string>() }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var cases = new (string Url, object First, object Second, Func<JsonElement, string> Read, string Expected)[]
        {
            ("/api/v1/websites/w1", new { name = "Shop A", domain = "shop.example.com", country = "BE" }, new { name = "Shop B", domain = "shop.example.com", country = "BE" }, j => j.GetProperty("name").GetString()!, "Shop A"),
            ("/api/v1/campaigns/c1", new { websiteId = "w1", name = "Quiz A", type = "quiz" }, new { websiteId = "w1", name = "Quiz B", type = "quiz" }, j => j.GetProperty("name").GetString()!, "Quiz A"),
            ("/api/v1/programs/p1", new { name = "Club A" }, new { name = "Club B" }, j => j.GetProperty("name").GetString()!, "Club A"),
            ($"/api/v1/mapping-variables/{variable.GetProperty("id").GetString()}", new { name = "colour", label = "Colour A", type = "answer", sourceId = "q1" },
                new { name = "colour", label = "Colour B", type = "answer", sourceId = "q1" }, j => j.GetProperty("label").GetString()!, "Colour A"),
            ($"/api/v1/push-rules/{rule.GetProperty("id").GetString()}", new { scope = new { kind = "account" }, eventTypes = new[] { "participation.started" }, destinations = Array.Empty<string>() },
                new { scope = new { kind = "account" }, eventTypes = new[] { "participation.completed", "participation.started" }, destinations = Array.Empty<string>() },
                j => string.Join(",", j.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString())), "participation.started"),
        };
        foreach (var (url, one, two, read, expected) in cases)
        {
            var etag = await ETagOf(first, url);
            Assert.Equal(etag, await ETagOf(second, url));
            Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(With(HttpMethod.Put, url, etag, one))).StatusCode);
            var stale = await second.SendAsync(With(HttpMethod.Put, url, etag, two));
            Assert.True(stale.StatusCode == HttpStatusCode.PreconditionFailed, $"{url}: {stale.StatusCode}");
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await second.SendAsync(With(HttpMethod.Delete, url, etag))).StatusCode);
            Assert.Equal(expected, read(await second.GetFromJsonAsync<JsonElement>(url)));
        }
    }

    [Fact]
    public async Task A_change_racing_between_read_and_write_is_refused_by_the_database()
    {
        var created = await first.PostAsJsonAsync("/api/v1/integrations", new { name = "Race", url = "https://race.example.com/", kind = "loyalty" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await using var stale = factory.NewDb();
        var copy = await stale.Integrations.SingleAsync(i => i.Id == id);
        Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(With(HttpMethod.Patch, $"/api/v1/integrations/{id}", null, new { url = "https://race.example.com/new" }))).StatusCode);
        copy.Url = "https://race.example.com/old";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
        Assert.Equal("https://race.example.com/new", (await first.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}")).GetProperty("url").GetString());
    }
}
