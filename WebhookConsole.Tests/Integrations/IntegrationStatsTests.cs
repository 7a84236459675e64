using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Integrations.Health;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Integrations;

[Trait("Lane", "Integration")]
public sealed class IntegrationStatsTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory().With("Delivery:Enabled", "false");

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Stats_match_the_attempts_table()
    {
        var integration = await factory.AddIntegrationAsync("https://hooks.example/stats");
        var now = DateTimeOffset.UtcNow;
        await factory.AddAttemptsAsync(integration.Id,
            (now.AddDays(-3), 200, 900),            // outside 24h
            (now.AddHours(-20), 200, 120),
            (now.AddHours(-10), 500, 300),
            (now.AddHours(-5), 204, 80),
            (now.AddMinutes(-50), 503, 1500),
            (now.AddMinutes(-30), null, 15000),     // a timeout: no status
            (now.AddMinutes(-10), 410, 40));
        var other = await factory.AddIntegrationAsync("https://hooks.example/other");
        await factory.AddAttemptsAsync(other.Id, (now.AddMinutes(-5), 200, 10));

        var api = factory.ApiClient();
        foreach (var (window, span) in new[] { ("1h", TimeSpan.FromHours(1)), ("24h", TimeSpan.FromHours(24)), ("7d", TimeSpan.FromDays(7)) })
        {
            var stats = await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{integration.Id}/stats?window={window}");
            var from = stats.GetProperty("from").GetDateTimeOffset();
            Assert.True(stats.GetProperty("to").GetDateTimeOffset() - from == span);

            // The expectation, straight from the attempts table.
            await using var db = factory.NewDb();
            var rows = await (from a in db.Attempts
                              join d in db.Deliveries on a.DeliveryId equals d.Id
                              where d.IntegrationId == integration.Id
                              select a).AsNoTracking().ToListAsync();
            rows = rows.Where(a => a.StartedAt >= from).OrderBy(a => a.StartedAt).ToList();
            var ok = rows.Where(a => a.StatusCode is >= 200 and < 300).ToList();
            var bad = rows.Except(ok).ToList();
            Assert.Equal(rows.Count, stats.GetProperty("attempts").GetInt32());
            Assert.Equal(ok.Count, stats.GetProperty("succeeded").GetInt32());
            Assert.Equal(bad.Count, stats.GetProperty("failed").GetInt32());
            Assert.Equal(Math.Round((double)ok.Count / rows.Count, 4), stats.GetProperty("successRate").GetDouble());
            Assert.Equal(IntegrationHealthService.Percentile(rows.Select(a => a.DurationMs), 0.5), stats.GetProperty("latencyP50Ms").GetInt32());
            Assert.Equal(IntegrationHealthService.Percentile(rows.Select(a => a.DurationMs), 0.95), stats.GetProperty("latencyP95Ms").GetInt32());
            Assert.Equal(ok.LastOrDefault()?.StartedAt, Nullable(stats, "lastSuccessAt"));
            Assert.Equal(bad.Last().StartedAt, Nullable(stats, "lastFailureAt"));
            var lastOk = ok.LastOrDefault()?.StartedAt;
            Assert.Equal(bad.Count(a => lastOk is null || a.StartedAt > lastOk), stats.GetProperty("consecutiveFailures").GetInt32());
            Assert.Equal("active", stats.GetProperty("state").GetString());
            Assert.Equal(rows.Count, stats.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("attempts").GetInt32()));
        }
    }

    [Fact]
    public async Task A_bad_window_is_a_400_and_an_unknown_integration_a_404()
    {
        var integration = await factory.AddIntegrationAsync("https://hooks.example/stats");
        var api = factory.ApiClient();
        var bad = await api.GetAsync($"/api/v1/integrations/{integration.Id}/stats?window=2h");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("1h, 24h or 7d", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/integrations/int_nope/stats?window=1h")).StatusCode);
        var empty = await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{integration.Id}/stats");
        Assert.Equal("24h", empty.GetProperty("window").GetString());
        Assert.Equal(0, empty.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("successRate").ValueKind);
    }

    private static DateTimeOffset? Nullable(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDateTimeOffset();
}
