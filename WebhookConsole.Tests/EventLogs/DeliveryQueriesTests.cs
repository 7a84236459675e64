using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.EventLogs;

[Trait("Lane", "Integration")]
public class DeliveryQueriesTests : IAsyncLifetime
{
    private ConsoleFactory factory = new();
    private DeliveryQueries queries = default!;

    /// <summary>A SQLite file here, PostgreSQL in <see cref="DeliveryQueriesOnPostgresTests"/>.</summary>
    protected virtual Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => Task.FromResult(factory);

    public async Task InitializeAsync()
    {
        factory = await OnProviderAsync(factory);
        queries = factory.Services.GetRequiredService<DeliveryQueries>();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Dashboard_is_empty_without_deliveries()
    {
        var data = await queries.DashboardAsync();
        Assert.False(data.AnyDeliveries);
        Assert.Empty(data.Hourly);
        Assert.Empty(data.RecentFailures);
    }

    [Fact]
    public async Task Dashboard_counts_per_status_and_period_and_names_the_integrations_failing_most()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = factory.NewDb())
        {
            db.Integrations.AddRange(DeliverySeed.Integration("int_a", "Alpha CRM"), DeliverySeed.Integration("int_b", "Beta mailer"));
            db.Deliveries.AddRange(
                DeliverySeed.Delivery("int_a", now.AddMinutes(-10), DeliveryStatus.Succeeded),
                DeliverySeed.Delivery("int_a", now.AddMinutes(-20), DeliveryStatus.Succeeded),
                DeliverySeed.Delivery("int_a", now.AddMinutes(-30), DeliveryStatus.Failed, lastStatusCode: 500),
                DeliverySeed.Delivery("int_b", now.AddHours(-3), DeliveryStatus.Failed, lastStatusCode: 404),
                DeliverySeed.Delivery("int_b", now.AddHours(-4), DeliveryStatus.Failed, lastStatusCode: 404),
                DeliverySeed.Delivery("int_b", now.AddHours(-5), DeliveryStatus.Retrying, lastStatusCode: 503),
                DeliverySeed.Delivery("int_a", now.AddDays(-3), DeliveryStatus.Succeeded),
                DeliverySeed.Delivery("int_a", now.AddDays(-3), DeliveryStatus.Pending, lastStatusCode: null),
                DeliverySeed.Delivery("int_b", now.AddDays(-10), DeliveryStatus.Failed, lastStatusCode: null),
                DeliverySeed.Delivery("int_b", now.AddDays(-10), DeliveryStatus.Scheduled, lastStatusCode: null));
            await db.SaveChangesAsync();
        }

        var data = await queries.DashboardAsync();
        Assert.True(data.AnyDeliveries);
        Assert.Equal(new StatusCounts(0, 0, 2, 1, 3), data.Last24Hours);
        Assert.Equal(new StatusCounts(0, 1, 3, 1, 3), data.Last7Days);
        Assert.Equal(2.0 / 5, data.Last24Hours.SuccessRate!.Value, 3); // the retrying one has no outcome yet
        Assert.Equal(24, data.Hourly.Count);
        Assert.Equal(7, data.Daily.Count);
        Assert.Equal(6, data.Hourly.Sum(h => h.Counts.Total));
        Assert.Equal(8, data.Daily.Sum(d => d.Counts.Total));
        Assert.Equal(new StatusCounts(1, 1, 0, 1, 0), data.Backlog);
        Assert.NotNull(data.OldestWaitingSince);
        Assert.True(data.OldestWaitingSince < now.AddDays(-9));

        Assert.Equal(["Beta mailer", "Alpha CRM"], data.FailingMost.Select(f => f.Name));
        Assert.Equal((2, 1, 0), (data.FailingMost[0].Failed, data.FailingMost[0].Retrying, data.FailingMost[0].Succeeded));
        Assert.Equal((1, 0, 3), (data.FailingMost[1].Failed, data.FailingMost[1].Retrying, data.FailingMost[1].Succeeded));
        Assert.Equal([500, 404, 404, null], data.RecentFailures.Select(f => f.LastStatusCode));
    }

    [Fact]
    public async Task A_failure_counts_once_by_its_replay_and_retrying_ones_not_at_all()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = factory.NewDb())
        {
            db.Integrations.Add(DeliverySeed.Integration("int_a", "Alpha CRM"));
            var fixedByReplay = DeliverySeed.Delivery("int_a", now.AddMinutes(-50), DeliveryStatus.Failed, lastStatusCode: 500);
            var replayFailedToo = DeliverySeed.Delivery("int_a", now.AddMinutes(-40), DeliveryStatus.Failed, lastStatusCode: 500);
            var waitingForReplay = DeliverySeed.Delivery("int_a", now.AddMinutes(-30), DeliveryStatus.Failed, lastStatusCode: 500);
            var replays = new[] { (fixedByReplay, DeliveryStatus.Succeeded), (replayFailedToo, DeliveryStatus.Failed), (waitingForReplay, DeliveryStatus.Pending) }
                .Select((r, i) =>
                {
                    var replay = DeliverySeed.Delivery("int_a", now.AddMinutes(-20 + i), r.Item2, lastStatusCode: r.Item2 == DeliveryStatus.Pending ? null : r.Item2 == DeliveryStatus.Failed ? 500 : 200);
                    return replay.With(row => row with { ReplayOf = r.Item1.Id });
                });
            db.Deliveries.AddRange([fixedByReplay, replayFailedToo, waitingForReplay, .. replays,
                DeliverySeed.Delivery("int_a", now.AddMinutes(-10), DeliveryStatus.Succeeded),
                DeliverySeed.Delivery("int_a", now.AddMinutes(-5), DeliveryStatus.Retrying, lastStatusCode: 503)]);
            await db.SaveChangesAsync();
        }

        var data = await queries.DashboardAsync();
        // Succeeded: the fixing replay and one more. Failed with a final outcome: only the replay that failed too.
        Assert.Equal((2, 4, 3, 1), (data.Last24Hours.Succeeded, data.Last24Hours.Failed, data.Last24Hours.FailedReplayed, data.Last24Hours.FailedOpen));
        Assert.Equal(2.0 / 3, data.Last24Hours.SuccessRate!.Value, 3);
        Assert.Equal(data.Last24Hours.SuccessRate, data.Last7Days.SuccessRate);
        Assert.Equal(3, data.Hourly.Sum(h => h.Counts.FailedReplayed));
        Assert.Equal(3, data.Daily.Sum(d => d.Counts.FailedReplayed));
        // Only the failure nobody replayed is listed; the retrying one does not lower the integration's rate.
        Assert.Single(data.RecentFailures);
        var alpha = Assert.Single(data.FailingMost);
        Assert.Equal((1, 1, 2), (alpha.Failed, alpha.Retrying, alpha.Succeeded));
        Assert.Equal(2.0 / 3, alpha.SuccessRate!.Value, 3);
    }

    [Fact]
    public async Task The_database_s_own_hour_counts_match_the_portable_ones()
    {
        var now = DateTimeOffset.UtcNow;
        var random = new Random(7);
        await using (var db = factory.NewDb())
        {
            db.Deliveries.AddRange(Enumerable.Range(0, 400).Select(i =>
                DeliverySeed.Delivery("int_a", now.AddMinutes(-random.Next(0, 8 * 24 * 60)), DeliveryStatuses.All[random.Next(DeliveryStatuses.All.Length)])));
            await db.SaveChangesAsync();
        }
        await using var read = factory.NewDb();
        var from = new DateTimeOffset(now.UtcDateTime.Date.AddDays(-6), TimeSpan.Zero);
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        var sql = await DeliveryQueries.HourlyCountsAsync(read, from, to, default);
        var portable = await DeliveryQueries.HourlyCountsAsync(read, from, to, default, portable: true);
        Assert.NotEmpty(sql);
        Assert.Equal(portable.OrderBy(p => p.Key), sql.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Time_ranges_use_creation_time_even_near_the_edges()
    {
        var t = new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
        await using (var db = factory.NewDb())
        {
            db.Deliveries.AddRange(
                DeliverySeed.Delivery("int_a", t.AddMilliseconds(-1)),
                DeliverySeed.Delivery("int_a", t),
                DeliverySeed.Delivery("int_a", t.AddMinutes(30)),
                DeliverySeed.Delivery("int_a", t.AddHours(1)));
            await db.SaveChangesAsync();
        }
        var page = await queries.ListAsync(new DeliveryFilter { From = t, To = t.AddHours(1) });
        Assert.Equal([t.AddMinutes(30), t], page.Items.Select(i => i.CreatedAt));
        Assert.Equal(2, await queries.CountAsync(new DeliveryFilter { From = t, To = t.AddHours(1) }));
    }

    /// <summary>
    /// A new delivery's webhook-id is its own id's (found by primary key); its replays keep that webhook-id and a row stored
    /// before has one of its own (both found in the MessageId index, which holds only such rows). A search finds all.
    /// </summary>
    [Fact]
    public async Task A_webhook_id_is_found_whether_derived_from_the_delivery_id_or_not()
    {
        var now = DateTimeOffset.UtcNow;
        var id = WebhookConsole.Data.Ids.New("dlv");
        var original = Delivery.NewWaiting(new DeliveryKey(id, DeliveryMessageIds.For(id), "evt_1", "loyalty.points_earned", "int_a", null), [1], now);
        var replay = Delivery.NewReplay(id, new DeliveryKey(WebhookConsole.Data.Ids.New("dlv"), original.MessageId, "evt_1", "loyalty.points_earned", "int_a", null), [1], now);
        var older = DeliverySeed.Delivery("int_a", now.AddDays(-1), DeliveryStatus.Succeeded);
        var other = DeliverySeed.Delivery("int_a", now.AddDays(-1), DeliveryStatus.Succeeded);
        await using (var db = factory.NewDb())
        {
            db.Deliveries.AddRange(original, replay, older, other);
            await db.SaveChangesAsync();
        }

        Assert.Equal("msg" + id[3..], original.MessageId);
        var found = await queries.ListAsync(new DeliveryFilter { Search = original.MessageId });
        Assert.Equal(new[] { original.Id, replay.Id }.Order(StringComparer.Ordinal), found.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal([older.Id], (await queries.ListAsync(new DeliveryFilter { Search = older.MessageId })).Items.Select(i => i.Id));
        // The delivery id a derived webhook-id names is only a match when that delivery carries it.
        Assert.Empty((await queries.ListAsync(new DeliveryFilter { Search = "msg" + other.Id[3..] })).Items);
    }

    [Fact]
    public void Cursors_round_trip_and_reject_garbage()
    {
        var cursor = DeliveryCursor.Encode("dlv_01abc");
        Assert.True(DeliveryCursor.TryDecode(cursor, out var id));
        Assert.Equal("dlv_01abc", id);
        Assert.False(DeliveryCursor.TryDecode("not-a-cursor", out _));
        Assert.False(DeliveryCursor.TryDecode(Convert.ToBase64String("v2:x"u8.ToArray()), out _));
    }

    [Fact]
    public void Ids_min_at_bounds_every_id_created_at_or_after_that_time()
    {
        var t = new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);
        var min = WebhookConsole.Data.Ids.MinAt("dlv", t);
        for (var i = 0; i < 50; i++)
        {
            Assert.True(string.CompareOrdinal(WebhookConsole.Data.Ids.New("dlv", new Microsoft.Extensions.Time.Testing.FakeTimeProvider(t)), min) >= 0);
            Assert.True(string.CompareOrdinal(WebhookConsole.Data.Ids.New("dlv", new Microsoft.Extensions.Time.Testing.FakeTimeProvider(t.AddMilliseconds(-1))), min) < 0);
        }
    }
}

/// <summary>The event-log queries on PostgreSQL, including its own hourly counts.</summary>
[Trait("Lane", "Postgres")]
public class DeliveryQueriesOnPostgresTests : DeliveryQueriesTests
{
    protected override Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => factory.OnPostgresAsync();
}
