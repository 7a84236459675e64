using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Ingest;

/// <summary>Delays and incomplete participations (Poltio's delay options), driven by a fake clock.</summary>
[Trait("Lane", "Integration")]
public class ParticipationFlowTests : IAsyncLifetime
{
    private const string Started = "participation.started";
    private const string Completed = "participation.completed";
    private readonly IngestFactory factory = new();
    private HttpClient api = default!;
    private DateTimeOffset T0 => factory.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        api = factory.ApiClient();
        await factory.SeedSourcesAsync();
        // Plain: no delay, no incomplete. Delayed: holds completions 30 s. Incomplete: sends INCOMPLETE after 60 min.
        await factory.AddIntegrationAsync("int_plain");
        await factory.AddIntegrationAsync("int_delayed", configure: i => i.DelaySeconds = 30);
        await factory.AddIntegrationAsync("int_incomplete", configure: i => { i.IncompleteSend = true; i.IncompleteDelaySeconds = 3600; i.PayloadVersion = "1.0"; });
        await factory.AddRuleAsync("account", null, [Started, Completed], "int_plain", "int_delayed", "int_incomplete");
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<string> PostAsync(string type, string participationId, object? data = null)
    {
        var response = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation(type, participationId, data: data ?? new { id = participationId }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await IngestFactory.JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private async Task<List<Delivery>> DeliveriesAsync()
    {
        await using var db = factory.NewDb();
        return await db.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    private static JsonElement Payload(Delivery d) => JsonDocument.Parse(d.Payload).RootElement;

    [Fact]
    public async Task A_completion_is_held_back_by_the_integration_delay()
    {
        var now = Truncate(T0);
        await PostAsync(Completed, "p-1");

        var deliveries = await DeliveriesAsync();
        var plain = deliveries.Single(d => d.IntegrationId == "int_plain");
        var delayed = deliveries.Single(d => d.IntegrationId == "int_delayed");
        Assert.Equal((DeliveryStatus.Pending, now), (plain.Status, plain.NextAttemptAt));
        Assert.Equal((DeliveryStatus.Scheduled, now.AddSeconds(30)), (delayed.Status, delayed.NextAttemptAt));
        Assert.Equal("COMPLETED", Payload(delayed).GetProperty("state").GetString());
        // The incomplete-sending integration gets the completion too, in its own payload version (1.0: flat strings).
        Assert.Equal("COMPLETED", Payload(deliveries.Single(d => d.IntegrationId == "int_incomplete")).GetProperty("state").GetString());
        // Handed to the dispatcher after commit: now, or at the end of the delay.
        Assert.Contains((plain.Id, (DateTimeOffset?)null), factory.Queue.Enqueued);
        Assert.Contains((delayed.Id, (DateTimeOffset?)now.AddSeconds(30)), factory.Queue.Enqueued);
    }

    [Fact]
    public async Task The_delay_counts_from_the_completion_not_from_receipt()
    {
        var now = Truncate(T0);
        // Completed 20 s ago: 10 s of the 30 s delay are left. Completed 40 s ago: due already, sent at once.
        await PostAsync(Completed, "p-1", new { id = "p-1", completedAt = EventParser.Format(now.AddSeconds(-20)) });
        await PostAsync(Completed, "p-2", new { id = "p-2", completedAt = EventParser.Format(now.AddSeconds(-40)) });

        var deliveries = (await DeliveriesAsync()).Where(d => d.IntegrationId == "int_delayed").ToList();
        var recent = deliveries.Single(d => d.SubjectId == "p-1");
        var older = deliveries.Single(d => d.SubjectId == "p-2");
        Assert.Equal((DeliveryStatus.Scheduled, now.AddSeconds(10)), (recent.Status, recent.NextAttemptAt));
        Assert.Equal((DeliveryStatus.Pending, now), (older.Status, older.NextAttemptAt));
    }

    [Fact]
    public async Task The_incomplete_delay_is_counted_in_seconds()
    {
        await using (var db = factory.NewDb())
        {
            (await db.Integrations.SingleAsync(i => i.Id == "int_incomplete")).IncompleteDelaySeconds = 90;
            await db.SaveChangesAsync();
        }
        var startedAt = Truncate(T0.AddSeconds(-30));
        await PostAsync(Started, "p-1", new { id = "p-1", startedAt = EventParser.Format(startedAt) });

        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal((DeliveryStatus.Scheduled, startedAt.AddSeconds(90)), (delivery.Status, delivery.NextAttemptAt));
    }

    [Fact]
    public async Task An_incomplete_delivery_still_retrying_is_superseded_by_the_completion()
    {
        // What the dispatcher leaves after a failed first attempt.
        var incomplete = await StartAndAttemptAsync(row => row with { Status = DeliveryStatus.Retrying, AttemptCount = 1, NextAttemptAt = T0.AddMinutes(5) });

        await PostAsync(Completed, "p-1");

        var forIncomplete = (await DeliveriesAsync()).Where(d => d.IntegrationId == "int_incomplete").ToList();
        var superseded = forIncomplete.Single(d => d.Id == incomplete.Id);
        Assert.Equal(DeliveryStatus.Superseded, superseded.Status);
        Assert.Null(superseded.NextAttemptAt);
        Assert.Equal(1, superseded.AttemptCount);
        Assert.Equal("COMPLETED", Payload(forIncomplete.Single(d => d.Id != incomplete.Id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_start_schedules_an_incomplete_delivery_only_for_integrations_that_send_them()
    {
        var startedAt = Truncate(T0.AddMinutes(-5));
        await PostAsync(Started, "p-1", new { id = "p-1", startedAt = EventParser.Format(startedAt) });

        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal("int_incomplete", delivery.IntegrationId);
        Assert.Equal(DeliveryStatus.Scheduled, delivery.Status);
        Assert.Equal(startedAt.AddMinutes(60), delivery.NextAttemptAt);
        Assert.Equal("INCOMPLETE", Payload(delivery).GetProperty("state").GetString());
        Assert.Equal("", Payload(delivery).GetProperty("completedAt").GetString());
        Assert.Equal([(delivery.Id, (DateTimeOffset?)startedAt.AddMinutes(60))], factory.Queue.Enqueued.ToArray());
    }

    [Fact]
    public async Task A_completion_before_the_incomplete_delay_withdraws_the_incomplete_delivery()
    {
        await PostAsync(Started, "p-1");
        var incomplete = Assert.Single(await DeliveriesAsync());

        factory.Time.Advance(TimeSpan.FromMinutes(59));
        await PostAsync(Completed, "p-1");

        var deliveries = await DeliveriesAsync();
        Assert.DoesNotContain(deliveries, d => d.Id == incomplete.Id);
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(Completed, d.EventType));
        Assert.All(deliveries, d => Assert.Equal("COMPLETED", Payload(d).GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_completion_after_the_incomplete_was_sent_produces_a_second_completed_delivery()
    {
        // What the dispatcher does when the scheduled delivery comes due.
        var incomplete = await StartAndAttemptAsync(row => row with { Status = DeliveryStatus.Succeeded, AttemptCount = 1 });

        await PostAsync(Completed, "p-1");

        var forIncomplete = (await DeliveriesAsync()).Where(d => d.IntegrationId == "int_incomplete").ToList();
        Assert.Equal(2, forIncomplete.Count);
        Assert.Equal("INCOMPLETE", Payload(forIncomplete.Single(d => d.Id == incomplete.Id)).GetProperty("state").GetString());
        Assert.Equal("COMPLETED", Payload(forIncomplete.Single(d => d.Id != incomplete.Id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_incomplete_delivery_already_due_is_superseded_not_withdrawn_and_stays_in_the_log()
    {
        await PostAsync(Started, "p-1");
        factory.Time.Advance(TimeSpan.FromMinutes(60));

        await PostAsync(Completed, "p-1");

        var forIncomplete = (await DeliveriesAsync()).Where(d => d.IntegrationId == "int_incomplete").ToList();
        Assert.Equal(2, forIncomplete.Count);
        Assert.Equal(DeliveryStatus.Superseded, forIncomplete.Single(d => d.EventType == Started).Status);
    }

    [Fact]
    public async Task A_completion_withdraws_incomplete_deliveries_of_integrations_it_does_not_go_to()
    {
        await using (var db = factory.NewDb())
        {
            var rule = await db.PushRules.SingleAsync();
            rule.EventTypes = [Started];
            await db.SaveChangesAsync();
        }
        // Completions go nowhere: without this rule the integrations' scopes would send them everywhere.
        await factory.AddRuleAsync("account", null, [Completed]);
        await PostAsync(Started, "p-1");
        Assert.Single(await DeliveriesAsync());

        await PostAsync(Completed, "p-1");

        Assert.Empty(await DeliveriesAsync());
    }

    [Fact]
    public async Task A_start_reported_after_its_completion_schedules_nothing()
    {
        await PostAsync(Completed, "p-1");
        var before = await DeliveriesAsync();

        await PostAsync(Started, "p-1");

        Assert.Equal(before.Select(d => d.Id), (await DeliveriesAsync()).Select(d => d.Id));
    }

    [Fact]
    public async Task A_start_reported_twice_schedules_one_incomplete_delivery()
    {
        await PostAsync(Started, "p-1");
        await PostAsync(Started, "p-1");
        Assert.Single(await DeliveriesAsync());
    }

    [Fact]
    public async Task A_start_reported_after_the_incomplete_delay_is_sent_at_once()
    {
        await PostAsync(Started, "p-1", new { id = "p-1", startedAt = EventParser.Format(T0.AddHours(-2)) });
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(Truncate(T0), delivery.NextAttemptAt);
    }

    [Fact]
    public async Task A_batch_with_start_and_completion_stores_only_the_completion()
    {
        var response = await api.PostAsJsonAsync("/api/v1/events/batch", new
        {
            events = new[]
            {
                IngestFactory.Participation(Started, "p-1"),
                IngestFactory.Participation(Started, "p-2"),
                IngestFactory.Participation(Completed, "p-1"),
            },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var deliveries = await DeliveriesAsync();
        Assert.Equal(3, deliveries.Count(d => d.SubjectId == "p-1" && d.EventType == Completed));
        Assert.DoesNotContain(deliveries, d => d.SubjectId == "p-1" && d.EventType == Started);
        Assert.Single(deliveries, d => d.SubjectId == "p-2" && d.EventType == Started);
        // Only what was stored went to the dispatcher.
        Assert.Equal(deliveries.Select(d => d.Id).Order(), factory.Queue.Enqueued.Select(e => e.DeliveryId).Order());
    }

    [Fact]
    public async Task Payload_bytes_are_fixed_when_the_delivery_is_created()
    {
        await PostAsync(Completed, "p-1");
        var before = (await DeliveriesAsync()).Single(d => d.IntegrationId == "int_delayed");
        await using (var db = factory.NewDb())
        {
            (await db.Campaigns.SingleAsync(c => c.Id == "cmp-1")).Name = "Renamed quiz";
            await db.SaveChangesAsync();
        }
        factory.Time.Advance(TimeSpan.FromSeconds(31));

        var after = (await DeliveriesAsync()).Single(d => d.Id == before.Id);
        Assert.Equal(before.Payload, after.Payload);
        Assert.Equal("Summer quiz", Payload(after).GetProperty("campaign").GetProperty("name").GetString());
    }

    /// <summary>A start whose INCOMPLETE delivery came due (61 minutes on) and was attempted as <paramref name="outcome"/> says.</summary>
    private async Task<Delivery> StartAndAttemptAsync(Func<DeliveryRow, DeliveryRow> outcome)
    {
        await PostAsync(Started, "p-1");
        var incomplete = Assert.Single(await DeliveriesAsync());
        factory.Time.Advance(TimeSpan.FromMinutes(61));
        await using var db = factory.NewDb();
        db.Edit(await db.Deliveries.SingleAsync(), outcome);
        await db.SaveChangesAsync();
        return incomplete;
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerMillisecond));
}
