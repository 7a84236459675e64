using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Integrations;

/// <summary>
/// The integration list is read on connections it keeps open with its statement prepared: every call must still show
/// what was saved just before it, through any of those connections.
/// </summary>
[Trait("Lane", "Integration")]
public class IntegrationListTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private HttpClient api = default!;

    public Task InitializeAsync()
    {
        api = factory.ApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<JsonElement> ListAsync() => await api.GetFromJsonAsync<JsonElement>("/api/v1/integrations");

    [Fact]
    public async Task Edits_new_deliveries_and_deletions_show_in_the_next_list()
    {
        var created = await api.PostAsJsonAsync("/api/v1/integrations", new { name = "First", url = "https://a.example/hook", kind = "loyalty" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var before = await ListAsync();
        Assert.Equal("First", before[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, before[0].GetProperty("lastDelivery").ValueKind);

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/integrations/{id}")
        {
            Content = JsonContent.Create(new { name = "Renamed", active = false }),
        };
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(patch)).StatusCode);
        var renamed = (await ListAsync())[0];
        Assert.Equal("Renamed", renamed.GetProperty("name").GetString());
        Assert.False(renamed.GetProperty("active").GetBoolean());

        Integration entity;
        await using (var db = factory.NewDb()) entity = await db.Integrations.AsNoTracking().SingleAsync();
        var delivery = await factory.AddDeliveryAsync(entity, enqueue: false);
        Assert.Equal(delivery.Id, (await ListAsync())[0].GetProperty("lastDelivery").GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/api/v1/integrations/{id}")).StatusCode);
        Assert.Equal(0, (await ListAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Concurrent_lists_beyond_the_kept_connections_all_answer_the_same_document()
    {
        foreach (var name in new[] { "b second", "A first", "c third" })
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/integrations", new { name, url = "https://a.example/hook", kind = "loyalty" })).StatusCode);
        var expected = await api.GetStringAsync("/api/v1/integrations");
        Assert.Equal(["A first", "b second", "c third"], JsonDocument.Parse(expected).RootElement.EnumerateArray().Select(i => i.GetProperty("name").GetString()));

        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => api.GetStringAsync("/api/v1/integrations")));
            Assert.All(answers, answer => Assert.Equal(expected, answer));
        }
    }
}
