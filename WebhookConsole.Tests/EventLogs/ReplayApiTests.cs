using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.EventLogs;

[Trait("Lane", "Integration")]
public class ReplayApiTests : IAsyncLifetime
{
    // Replays are recorded, not sent: these tests check what a replay creates and queues.
    private readonly ConsoleFactory factory = new ConsoleFactory().WithRecordedQueue();
    private HttpClient api = default!;
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);

    public Task InitializeAsync()
    {
        api = factory.ApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Replay_creates_a_pending_delivery_with_the_same_webhook_id_and_payload_linked_by_replayOf()
    {
        var original = DeliverySeed.Delivery("int_a", T0, DeliveryStatus.Failed, lastStatusCode: 500);
        await SeedAsync([DeliverySeed.Integration("int_a", "Alpha CRM")], original);

        var response = await api.PostAsync($"/api/v1/deliveries/{original.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var newId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.NotEqual(original.Id, newId);

        await using var db = factory.NewDb();
        var replay = await db.Deliveries.SingleAsync(d => d.Id == newId);
        Assert.Equal(original.Id, replay.ReplayOf);
        Assert.Equal(original.MessageId, replay.MessageId);
        Assert.Equal(original.Payload, replay.Payload);
        Assert.Equal(original.EventId, replay.EventId);
        Assert.Equal(original.IntegrationId, replay.IntegrationId);
        Assert.Equal(DeliveryStatus.Pending, replay.Status);
        Assert.Equal(0, replay.AttemptCount);
        // The original is left as it was.
        Assert.Equal(DeliveryStatus.Failed, (await db.Deliveries.SingleAsync(d => d.Id == original.Id)).Status);

        // A replay of the replay links to the one replayed and still keeps the webhook-id.
        var again = await api.PostAsync($"/api/v1/deliveries/{newId}/replay", null);
        var thirdId = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var third = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == thirdId);
        Assert.Equal(newId, third.ReplayOf);
        Assert.Equal(original.MessageId, third.MessageId);

        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries/{newId}");
        Assert.Equal(original.Id, detail.GetProperty("replayOf").GetString());
        Assert.Equal(thirdId, detail.GetProperty("replays")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_delivery_replayed_before_is_not_resent_silently_a_409_names_its_replay_unless_forced()
    {
        var original = DeliverySeed.Delivery("int_a", T0, DeliveryStatus.Failed, lastStatusCode: 500);
        await SeedAsync([DeliverySeed.Integration("int_a", "Alpha CRM")], original);
        var first = await api.PostAsync($"/api/v1/deliveries/{original.Id}/replay", null);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var again = await api.PostAsync($"/api/v1/deliveries/{original.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(firstId, await again.Content.ReadAsStringAsync());
        await using (var db = factory.NewDb())
            Assert.Equal(1, await db.Deliveries.CountAsync(d => d.ReplayOf == original.Id));

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/v1/deliveries/{original.Id}/replay?force=true", null)).StatusCode);
        await using (var db = factory.NewDb())
            Assert.Equal(2, await db.Deliveries.CountAsync(d => d.ReplayOf == original.Id));
    }

    [Fact]
    public async Task Replay_is_audited_without_secrets()
    {
        var secrets = factory.Services.GetRequiredService<IntegrationSecrets>();
        const string secret = "whsec_c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1uZXZlci1sZWFr";
        var original = DeliverySeed.Delivery("int_a", T0, DeliveryStatus.Failed);
        var other = DeliverySeed.Delivery("int_a", T0.AddSeconds(1), DeliveryStatus.Failed);
        var integration = DeliverySeed.Integration("int_a", "Alpha CRM", secretEncrypted: secrets.Protect(secret));
        await SeedAsync([integration], original, other);

        var support = factory.ApiClient(await factory.CreateApiKeyAsync(WebhookConsole.Identity.Roles.Support));
        var newId = (await (await support.PostAsync($"/api/v1/deliveries/{original.Id}/replay", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await support.PostAsJsonAsync("/api/v1/deliveries/replay", new { status = "failed" });

        await using var db = factory.NewDb();
        var single = await db.AuditEntries.SingleAsync(a => a.Action == "delivery.replayed");
        Assert.Equal("Delivery", single.EntityType);
        Assert.Equal(original.Id, single.EntityId);
        Assert.StartsWith("apikey:test Support", single.Actor);
        Assert.Contains(newId!, single.After);
        Assert.Contains(original.MessageId, single.After);

        var entries = await db.AuditEntries.Where(a => a.EntityType == "Delivery").ToListAsync();
        Assert.Contains(entries, e => e.Action == "delivery.bulk_replayed");
        foreach (var e in entries)
        {
            var text = e.Before + e.After;
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(integration.SecretEncrypted!, text);
            Assert.DoesNotContain("c2VjcmV0", text);
        }
    }

    [Fact]
    public async Task Bulk_dry_run_counts_without_creating_anything()
    {
        var failed = Enumerable.Range(0, 12).Select(i => DeliverySeed.Delivery(i < 8 ? "int_a" : "int_b", T0.AddSeconds(i), DeliveryStatus.Failed)).ToList();
        var others = Enumerable.Range(0, 5).Select(i => DeliverySeed.Delivery("int_a", T0.AddSeconds(20 + i), DeliveryStatus.Succeeded)).ToList();
        await SeedAsync([DeliverySeed.Integration("int_a", "Alpha CRM"), DeliverySeed.Integration("int_b", "Beta mailer")], [.. failed, .. others]);

        var response = await api.PostAsJsonAsync("/api/v1/deliveries/replay", new { status = "failed", dryRun = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(12, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
        var filtered = await api.PostAsJsonAsync("/api/v1/deliveries/replay", new { status = "failed", integrationId = "int_b", dryRun = true });
        Assert.Equal(4, (await filtered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());

        await using var db = factory.NewDb();
        Assert.Equal(17, await db.Deliveries.CountAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.EntityType == "Delivery"));
    }

    [Fact]
    public async Task Bulk_replay_creates_linked_replays_staggered_per_integration_and_skips_what_cannot_or_need_not_be_replayed()
    {
        var a = Enumerable.Range(0, 25).Select(i => DeliverySeed.Delivery("int_a", T0.AddSeconds(i), DeliveryStatus.Failed)).ToList();
        var b = Enumerable.Range(0, 3).Select(i => DeliverySeed.Delivery("int_b", T0.AddSeconds(i), DeliveryStatus.Failed)).ToList();
        var inactive = DeliverySeed.Delivery("int_off", T0, DeliveryStatus.Failed);
        var purged = DeliverySeed.Delivery("int_a", T0.AddSeconds(40), DeliveryStatus.Failed);
        purged = purged.With(row => row with { Payload = [] });
        var succeeded = DeliverySeed.Delivery("int_a", T0.AddSeconds(50), DeliveryStatus.Succeeded);
        await SeedAsync(
            [DeliverySeed.Integration("int_a", "Alpha CRM"), DeliverySeed.Integration("int_b", "Beta mailer"), DeliverySeed.Integration("int_off", "Old", active: false)],
            [.. a, .. b, inactive, purged, succeeded]);

        var dry = await (await api.PostAsJsonAsync("/api/v1/deliveries/replay", new { status = "failed", dryRun = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(28, dry.GetProperty("count").GetInt32());
        Assert.Equal(30, dry.GetProperty("matched").GetInt32());
        Assert.Equal(1, dry.GetProperty("inactiveIntegration").GetInt32());
        Assert.Equal(1, dry.GetProperty("payloadRemoved").GetInt32());

        var response = await api.PostAsJsonAsync("/api/v1/deliveries/replay", new { status = "failed" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(28, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());

        await using var db = factory.NewDb();
        var replays = await db.Deliveries.Where(d => d.ReplayOf != null).ToListAsync();
        Assert.Equal(28, replays.Count);
        Assert.Equal(a.Concat(b).Select(d => d.Id).Order(), replays.Select(r => r.ReplayOf!).Order());
        Assert.All(replays, r => Assert.Equal(DeliveryStatus.Pending, r.Status));
        Assert.All(replays, r => Assert.Equal(a.Concat(b).Single(o => o.Id == r.ReplayOf).MessageId, r.MessageId));
        // At most 10 per second per integration: the 25 of int_a spread over 2.4 s, oldest first.
        var aTimes = replays.Where(r => r.IntegrationId == "int_a").OrderBy(r => r.ReplayOf, StringComparer.Ordinal).Select(r => r.NextAttemptAt!.Value).ToList();
        Assert.True(aTimes[^1] - aTimes[0] >= TimeSpan.FromSeconds(2.3), $"spread {(aTimes[^1] - aTimes[0]).TotalSeconds}s");
        for (var i = 10; i < aTimes.Count; i++) Assert.True(aTimes[i] - aTimes[i - 10] >= TimeSpan.FromSeconds(0.99));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "delivery.bulk_replayed"));

        // Again: every failed delivery was replayed already, so nothing new.
        var again = await (await api.PostAsJsonAsync("/api/v1/deliveries/replay", new { status = "failed", dryRun = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("count").GetInt32());
        Assert.Equal(28, again.GetProperty("alreadyReplayed").GetInt32());
    }

    [Fact]
    public async Task Bulk_replay_requires_a_status_and_refuses_bad_fields()
    {
        var missing = await api.PostAsJsonAsync("/api/v1/deliveries/replay", new { integrationId = "int_a" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("status", out _));
        var bad = await api.PostAsJsonAsync("/api/v1/deliveries/replay", new { status = "failed", eventType = "nope" });
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("eventType", out _));
    }

    [Fact]
    public async Task Replaying_what_cannot_be_sent_is_a_clear_conflict()
    {
        var purged = DeliverySeed.Delivery("int_a", T0, DeliveryStatus.Failed);
        purged = purged.With(row => row with { Payload = [] });
        var inactive = DeliverySeed.Delivery("int_off", T0, DeliveryStatus.Failed);
        await SeedAsync([DeliverySeed.Integration("int_a", "Alpha CRM"), DeliverySeed.Integration("int_off", "Old CRM", active: false)], purged, inactive);

        var r1 = await api.PostAsync($"/api/v1/deliveries/{purged.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, r1.StatusCode);
        Assert.Contains("retention", (await r1.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var r2 = await api.PostAsync($"/api/v1/deliveries/{inactive.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, r2.StatusCode);
        Assert.Contains("inactive", (await r2.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/api/v1/deliveries/dlv_missing/replay", null)).StatusCode);
    }

    private async Task SeedAsync(IEnumerable<Integration> integrations, params Delivery[] deliveries)
    {
        await using var db = factory.NewDb();
        db.Integrations.AddRange(integrations);
        db.Deliveries.AddRange(deliveries);
        await db.SaveChangesAsync();
    }

    private Task SeedAsync(IEnumerable<Integration> integrations, IEnumerable<Delivery> deliveries) => SeedAsync(integrations, deliveries.ToArray());
}
