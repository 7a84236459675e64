using System.Net;
using System.Text;
using System.Text.Json;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Api;

/// <summary>Bodies the API cannot bind are 400 problem+json whose <c>errors</c> name the field in our words, and change nothing.</summary>
[Trait("Lane", "Integration")]
public class StrictJsonTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    public static TheoryData<string, string, string, string> BadBodies => new()
    {
        { "/api/v1/programs", """{"id":"prg-1","name":"A","name":"B"}""", "name", "repeats a property ('name')" },
        { "/api/v1/websites", """{"id":"web-1","name":"Shop","domain":"shop.example","country":"BE","id":"web-2"}""", "id", "repeats" },
        { "/api/v1/api-keys", """{"name":"k","role":"Ingest","role":"Admin"}""", "role", "repeats" },
        { "/api/v1/programs", """{"id":"prg-1","name":42}""", "name", "wrong type" },
        { "/api/v1/api-keys", """{"name":"k","role":"Ingest","scopes":["all"]}""", "scopes", "Unknown field" },
        { "/api/v1/programs", "", "body", "required" },
        { "/api/v1/programs", """{"id": """, "body", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_body_that_cannot_be_bound_is_400_naming_the_field(string path, string body, string field, string words)
    {
        var response = await factory.ApiClient().PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), text);
        Assert.Contains(words, messages[0].GetString());
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("WebhookConsole.", text);

        await using var db = factory.NewDb();
        Assert.Empty(db.Programs);
        Assert.Empty(db.Websites);
        Assert.Single(db.ApiKeys);
    }

    [Fact]
    public async Task An_event_with_a_repeated_property_is_refused()
    {
        var api = factory.ApiClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/programs", new StringContent("""{"id":"prg-1","name":"A"}""", Encoding.UTF8, "application/json"))).StatusCode);
        const string one = """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m-1"},"points":1,"points":1000}}""";
        foreach (var (path, body) in new[] { ("/api/v1/events", one), ("/api/v1/events/batch", $$"""{"events":[{{one}}]}""") })
        {
            var response = await api.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("repeats a property ('points')", await response.Content.ReadAsStringAsync());
        }
        await using var db = factory.NewDb();
        Assert.Empty(db.Events);
    }
}
