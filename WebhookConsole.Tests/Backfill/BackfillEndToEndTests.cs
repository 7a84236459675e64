using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Backfill;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Backfill;

/// <summary>
/// A new integration gets the events it would have received: through the API, a Hangfire job, the real dispatcher and
/// a real receiver. The dry run's count is what arrives, each event once, at the bulk-replay rate.
/// </summary>
[Trait("Lane", "Integration")]
public class BackfillEndToEndTests : IAsyncLifetime
{
    private const int Rate = 20;
    private readonly IngestFactory factory = (IngestFactory)new IngestFactory(fakeTime: false, recordQueue: false)
        .With("Delivery:AllowPrivateNetworks", "true")
        .With("Replay:MaxPerSecondPerIntegration", Rate.ToString(CultureInfo.InvariantCulture));
    private TestReceiver receiver = default!;
    private HttpClient api = default!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        api = factory.ApiClient();
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_old", IntegrationKind.Loyalty, url: receiver.BaseUrl + "/old");
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_old");
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task The_dry_run_count_is_delivered_once_each_at_the_replay_rate()
    {
        var from = DateTimeOffset.UtcNow.AddMinutes(-5);
        for (var i = 0; i < 8; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}"))).StatusCode);
        // Another program's events do not route to the new integration.
        await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", "mem-x", programId: "prg-2"));
        await receiver.WaitForAsync(8);

        await factory.AddIntegrationAsync("int_new", IntegrationKind.Loyalty, url: receiver.BaseUrl + "/new");
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_new");
        // Received live after the rule: never backfilled.
        await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.level_changed", "mem-live"));

        var dry = await PostAsync("int_new", new { from, dryRun = true });
        Assert.Equal(8, dry.GetProperty("count").GetInt32());
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        await using (var db = factory.NewDb())
            Assert.False(await db.Deliveries.AnyAsync(d => d.Backfill), "a dry run creates nothing");

        var requestedAt = DateTimeOffset.UtcNow;
        var run = await PostAsync("int_new", new { from });
        Assert.Equal(8, run.GetProperty("count").GetInt32());
        Assert.False(string.IsNullOrEmpty(run.GetProperty("jobId").GetString()));

        // 8 backfilled + 1 live event to /new, 9 live ones to /old.
        var all = await receiver.WaitForAsync(8 + 1 + 9, TimeSpan.FromSeconds(30));
        // Nothing more may come: once every delivery is at rest, no attempt is left to send.
        await factory.WaitForAllAtRestAsync();
        var toNew = receiver.Requests.Where(r => r.Path == "/new").ToList();
        Assert.Equal(9, toNew.Count);
        var eventIds = toNew.Select(r => JsonDocument.Parse(r.Body).RootElement[0].GetProperty("id").GetString()).ToList();
        Assert.Equal(eventIds.Count, eventIds.Distinct().Count());

        await using var check = factory.NewDb();
        var backfilled = await check.Deliveries.AsNoTracking().Where(d => d.Backfill).ToListAsync();
        Assert.Equal(8, backfilled.Count);
        Assert.All(backfilled, d => Assert.Equal("int_new", d.IntegrationId));
        var receivedBackfills = toNew.Where(r => backfilled.Any(d => d.MessageId == r.Header("webhook-id"))).OrderBy(r => r.At).ToList();
        Assert.Equal(8, receivedBackfills.Count);
        // No faster than the per-integration rate: the last of 8 is due 7/rate seconds after the first, which is due at
        // the earliest when the request was made. (Their order is checked on the due times, in BackfillRulesTests: a sweep
        // that claims several due rows at once hands them to parallel workers.)
        Assert.True(receivedBackfills[^1].At - requestedAt >= TimeSpan.FromSeconds(7.0 / Rate) - TimeSpan.FromMilliseconds(5),
            $"the last backfill arrived {(receivedBackfills[^1].At - requestedAt).TotalMilliseconds} ms after the request");
        // New webhook-ids: the old integration's deliveries of the same events keep theirs.
        var oldIds = await check.Deliveries.AsNoTracking().Where(d => d.IntegrationId == "int_old").Select(d => d.MessageId).ToListAsync();
        Assert.Empty(backfilled.Select(d => d.MessageId).Intersect(oldIds));

        // A second backfill of the same window finds nothing left to send.
        Assert.Equal(0, (await PostAsync("int_new", new { from })).GetProperty("count").GetInt32());

        var status = await api.GetFromJsonAsync<JsonElement>("/api/v1/integrations/int_new/backfill");
        Assert.Equal(8, status.GetProperty("count").GetInt32());
        Assert.Equal(8, status.GetProperty("delivered").GetInt32());
        Assert.True(status.GetProperty("finished").GetBoolean());

        var audit = await check.AuditEntries.AsNoTracking().Where(a => a.EntityId == "int_new").Select(a => a.Action).ToListAsync();
        Assert.Contains(BackfillService.RequestedAction, audit);
        Assert.Contains(BackfillService.FinishedAction, audit);
        var deliveryApi = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries/{backfilled[0].Id}");
        Assert.True(deliveryApi.GetProperty("backfill").GetBoolean());
    }

    private async Task<JsonElement> PostAsync(string integrationId, object body)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/integrations/{integrationId}/backfill", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
