using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;
using WebhookConsole.Integrations.Health;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Integrations;

[Trait("Lane", "Integration")]
public sealed class BlockedIntegrationTests
{
    private const string NotificationSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public async Task Block_then_skipped_then_unblock_then_replay()
    {
        await using var hooks = await TestReceiver.StartAsync();
        await using var operators = await TestReceiver.StartAsync();
        await using var factory = new IngestFactory(fakeTime: false, recordQueue: false);
        factory.With("Delivery:AllowPrivateNetworks", "true")
            .With("Integrations:BlockAfter", "2.00:00:00").With("Integrations:BlockMinFailures", "3")
            .With("Notifications:Url", operators.Url).With("Notifications:Secret", NotificationSecret);
        await factory.SeedSourcesAsync();
        var id = "int_b" + Guid.NewGuid().ToString("N")[..10];
        await factory.AddIntegrationAsync(id, IntegrationKind.Loyalty, url: hooks.Url);
        await factory.AddRuleAsync("program", "prg-1", ["loyalty.points_earned"], id);
        var now = DateTimeOffset.UtcNow;
        var blocker = factory.Services.GetRequiredService<IntegrationBlocker>();

        // Two failures over three days are not enough (3 needed); a success a day ago means not failing for two days.
        await factory.AddAttemptsAsync(id, (now.AddDays(-3), 500, 100), (now.AddDays(-2.5), null, 15000));
        Assert.Empty(await blocker.RunAsync());
        await factory.AddAttemptsAsync(id, (now.AddDays(-1), 200, 50), (now.AddHours(-20), 500, 100), (now.AddHours(-10), 500, 100), (now.AddHours(-1), 502, 100));
        Assert.Empty(await blocker.RunAsync());
        // Every attempt since the last success... now failing for longer than the period, with enough failures.
        await using (var db = factory.NewDb())
            await db.Attempts.Where(a => a.StatusCode == 200).ExecuteUpdateAsync(s => s.SetProperty(a => a.StatusCode, 500));
        Assert.Equal([id], await blocker.RunAsync());

        var api = factory.ApiClient();
        var integration = await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}");
        Assert.Equal("blocked", integration.GetProperty("state").GetString());
        Assert.True(integration.GetProperty("active").GetBoolean()); // the switch is untouched
        Assert.Equal("blocked", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}/stats?window=1h")).GetProperty("state").GetString());

        // While blocked: the event is accepted, its delivery kept as skipped, nothing sent.
        var accepted = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Loyalty("loyalty.points_earned"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var skippedId = await SingleDeliveryAsync(factory, id, DeliveryStatus.Skipped);
        Assert.Empty(hooks.Requests);

        var unblock = await api.PostAsync($"/api/v1/integrations/{id}/unblock", null);
        Assert.Equal(HttpStatusCode.OK, unblock.StatusCode);
        var result = await unblock.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active", result.GetProperty("integration").GetProperty("state").GetString());
        Assert.Equal(1, result.GetProperty("skipped").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/integrations/{id}/unblock", null)).StatusCode);
        Assert.Empty(await blocker.RunAsync()); // the period starts afresh after an unblock

        var replay = await api.PostAsJsonAsync("/api/v1/deliveries/replay", new { status = "skipped", integrationId = id });
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
        var sent = await hooks.NextAsync(TimeSpan.FromSeconds(45), "the replayed delivery");
        Assert.Contains("loyalty.points_earned", sent.BodyText);

        await using (var db = factory.NewDb())
        {
            var actions = await db.AuditEntries.Where(a => a.EntityId == id).Select(a => a.Action).ToListAsync();
            Assert.Contains("integration.blocked", actions);
            Assert.Contains("integration.unblocked", actions);
            Assert.Equal(skippedId, (await db.Deliveries.SingleAsync(d => d.ReplayOf == skippedId)).ReplayOf);
        }

        // The operators heard of both, signed like deliveries.
        var blocked = await operators.NextAsync(TimeSpan.FromSeconds(30), "integration.blocked");
        var recovered = await operators.NextAsync(TimeSpan.FromSeconds(30), "integration.recovered");
        Assert.Equal("integration.blocked", JsonDocument.Parse(blocked.Body).RootElement.GetProperty("type").GetString());
        Assert.Equal(id, JsonDocument.Parse(blocked.Body).RootElement.GetProperty("data").GetProperty("integrationId").GetString());
        Assert.Equal("integration.recovered", JsonDocument.Parse(recovered.Body).RootElement.GetProperty("type").GetString());
        foreach (var request in new[] { blocked, recovered })
        {
            Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(NotificationSecret), request.Body)), request.Header("X-Qualifio-Signature"));
            var (ok, output) = await NodeVerifier.VerifyAsync(NotificationSecret, request);
            Assert.True(ok, output);
        }
    }

    [Fact]
    public async Task An_exhausted_delivery_is_announced_signed()
    {
        await using var hooks = await TestReceiver.StartAsync();
        hooks.Respond = (_, ctx) => { ctx.Response.StatusCode = 500; return Task.CompletedTask; };
        await using var operators = await TestReceiver.StartAsync();
        await using var factory = new ConsoleFactory().With("Delivery:AllowPrivateNetworks", "true").With("Delivery:RetrySchedule", "100ms")
            .With("Notifications:Url", operators.Url).With("Notifications:Secret", NotificationSecret);
        var integration = await factory.AddIntegrationAsync(hooks.Url);
        var delivery = await factory.AddDeliveryAsync(integration);
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Failed);

        var request = await operators.NextAsync(TimeSpan.FromSeconds(30), "delivery.exhausted");
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("delivery.exhausted", body.GetProperty("type").GetString());
        Assert.Equal(delivery.Id, body.GetProperty("data").GetProperty("deliveryId").GetString());
        Assert.Equal(2, body.GetProperty("data").GetProperty("attempts").GetInt32());
        Assert.True(body.TryGetProperty("occurredAt", out _));
        var (ok, output) = await NodeVerifier.VerifyAsync(NotificationSecret, request);
        Assert.True(ok, output);
        // A tampered body does not verify: the check can fail.
        var (tampered, _) = await NodeVerifier.VerifyAsync(NotificationSecret, request with { Body = Encoding.UTF8.GetBytes(request.BodyText.Replace("exhausted", "exhaustee")) });
        Assert.False(tampered);
        Assert.Contains(factory.Services.GetRequiredService<WebhookConsole.Notifications.OperationalNotifier>().Recent, e => e.Type == "delivery.exhausted");
    }

    private static async Task<string> SingleDeliveryAsync(ConsoleFactory factory, string integrationId, DeliveryStatus status)
    {
        await using var db = factory.NewDb();
        var delivery = await db.Deliveries.AsNoTracking().Where(d => d.IntegrationId == integrationId && d.EventType == "loyalty.points_earned" && d.Status == status
                                                                     && d.AttemptCount == 0).SingleAsync();
        Assert.Equal(DeliveryLifecycle.BlockedReason, delivery.LastError);
        return delivery.Id;
    }
}
