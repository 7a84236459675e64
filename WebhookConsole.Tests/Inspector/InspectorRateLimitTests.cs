using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Inspector;

[Trait("Lane", "Integration")]
public class InspectorRateLimitTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory().With("Inspector:RequestsPerMinute", "3");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Requests_beyond_the_per_bin_limit_get_429_with_retry_after_and_other_bins_are_unaffected()
    {
        async Task<string> Bin() => (await (await factory.ApiClient().PostAsJsonAsync("/api/v1/inspector/bins", new { name = "b" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var (busy, quiet) = (await Bin(), await Bin());
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/inspect/{busy}", new StringContent("x"))).StatusCode);
        var limited = await client.PostAsync($"/inspect/{busy}", new StringContent("x"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Contains("too many requests", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/inspect/{quiet}", new StringContent("x"))).StatusCode);
    }
}
