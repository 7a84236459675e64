using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebhookConsole.Identity;
using WebhookConsole.Ingest;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Ingest;

[Trait("Lane", "Integration")]
public sealed class EventTypesApiTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Support)]
    [InlineData(Roles.Ingest)]
    public async Task Any_key_lists_every_event_type_the_console_accepts_with_a_description(string role)
    {
        var client = factory.ApiClient(await factory.CreateApiKeyAsync(role));
        var response = await client.GetAsync("/api/v1/event-types");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(EventTypes.All.Order(), items.Select(i => i.GetProperty("name").GetString()!).Order());
        Assert.All(items, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("description").GetString()));
            Assert.Equal(EventTypes.Label(i.GetProperty("name").GetString()!), i.GetProperty("label").GetString());
        });
    }

    [Fact]
    public async Task Every_call_gets_the_whole_list_with_its_length()
    {
        var client = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Ingest));
        var first = await client.GetAsync("/api/v1/event-types");
        var second = await client.GetAsync("/api/v1/event-types");

        var body = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, first.Content.Headers.ContentLength);
        Assert.Equal(body, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(EventTypes.All.Length, JsonDocument.Parse(body).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Without_a_key_it_is_a_401()
    {
        var response = await factory.ApiClient(apiKey: null).GetAsync("/api/v1/event-types");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
