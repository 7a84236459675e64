using System.Net;
using System.Net.Http.Json;
using WebhookConsole.Identity;
using WebhookConsole.Integrations;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Observability;

[Trait("Lane", "Integration")]
[Collection(RunsAloneCollection.Name)]
public sealed class MetricsTests
{
    private const string Attempts = "webhookconsole_attempts_total";

    [Fact]
    public async Task Counters_move_with_real_deliveries_to_a_real_receiver()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Respond = (n, ctx) =>
        {
            ctx.Response.StatusCode = n <= 2 ? 200 : 500;
            return Task.CompletedTask;
        };
        await using var factory = new IngestFactory(fakeTime: false, recordQueue: false);
        factory.With("Delivery:AllowPrivateNetworks", "true").With("Delivery:RetrySchedule", "");
        await factory.SeedSourcesAsync();
        var id = "int_m" + Guid.NewGuid().ToString("N")[..10];
        await factory.AddIntegrationAsync(id, IntegrationKind.Loyalty, url: receiver.Url);
        await factory.AddRuleAsync("program", "prg-1", ["loyalty.points_earned"], id);
        var api = factory.ApiClient();
        var before = await ScrapeAsync(api);
        var ingestedBefore = PrometheusText.Value(before, "webhookconsole_ingest_events_total", ("type", "loyalty.points_earned"));
        Assert.Equal(0, PrometheusText.Value(before, Attempts, ("integration", id)));

        var deliveries = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var accepted = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Loyalty("loyalty.points_earned", memberId: $"mem-{i}"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var body = await accepted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var delivery = body.GetProperty("deliveries").EnumerateArray().Single();
            deliveries.Add(delivery.ValueKind == System.Text.Json.JsonValueKind.String ? delivery.GetString()! : delivery.GetProperty("id").GetString()!);
            // One at a time, so the receiver's first two answers go to the first two deliveries.
            await WaitForRestAsync(factory, deliveries[^1]);
        }

        var after = await ScrapeAsync(api);
        Assert.Equal(2, PrometheusText.Value(after, Attempts, ("integration", id), ("outcome", "succeeded")));
        Assert.Equal(1, PrometheusText.Value(after, Attempts, ("integration", id), ("outcome", "failed")));
        Assert.Equal(3, PrometheusText.Value(after, "webhookconsole_attempt_duration_seconds_count", ("integration", id)));
        Assert.True(PrometheusText.Value(after, "webhookconsole_ingest_events_total", ("type", "loyalty.points_earned")) >= ingestedBefore + 3);
        Assert.True(PrometheusText.Value(after, "webhookconsole_settings_cache_lookups_total") >= 3);
        foreach (var gauge in new[] { "webhookconsole_queue_ready", "webhookconsole_queue_parked", "webhookconsole_queue_waiting", "webhookconsole_queue_oldest_due_age_seconds" })
            Assert.True(PrometheusText.Has(after, gauge), $"{gauge} missing from /metrics");
    }

    [Fact]
    public async Task A_refused_connection_counts_as_its_own_outcome()
    {
        await using var factory = new ConsoleFactory().With("Delivery:AllowPrivateNetworks", "true").With("Delivery:RetrySchedule", "");
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        var integration = await factory.AddIntegrationAsync($"http://127.0.0.1:{port}/hook");
        var delivery = await factory.AddDeliveryAsync(integration);
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Failed);

        var text = await ScrapeAsync(factory.ApiClient());
        Assert.Equal(1, PrometheusText.Value(text, Attempts, ("integration", integration.Id), ("outcome", "refused")));
        Assert.Equal(0, PrometheusText.Value(text, Attempts, ("integration", integration.Id), ("outcome", "succeeded")));
    }

    [Fact]
    public async Task Metrics_need_a_user_key_unless_opened()
    {
        await using var factory = new ConsoleFactory();
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiClient(apiKey: null).GetAsync("/metrics")).StatusCode);
        var ingest = await factory.CreateApiKeyAsync(Roles.Ingest);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ApiClient(ingest).GetAsync("/metrics")).StatusCode);
        var support = await factory.CreateApiKeyAsync(Roles.Support);
        var response = await factory.ApiClient(support).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("webhookconsole_queue_ready", await response.Content.ReadAsStringAsync());

        await using var open = new ConsoleFactory().With("Metrics:AllowAnonymous", "true");
        Assert.Equal(HttpStatusCode.OK, (await open.ApiClient(apiKey: null).GetAsync("/metrics")).StatusCode);
    }

    private static async Task<string> ScrapeAsync(HttpClient api)
    {
        var response = await api.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task WaitForRestAsync(ConsoleFactory factory, string deliveryId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            await using var db = factory.NewDb();
            var status = db.Deliveries.Where(d => d.Id == deliveryId).Select(d => d.Status).Single();
            if (status.IsAtRest()) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Delivery {deliveryId} is still {status}.");
            await Task.Delay(50);
        }
    }
}
