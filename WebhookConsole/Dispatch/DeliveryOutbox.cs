using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Where new deliveries enter the outbox and waiting ones are superseded: ingest (plain statements on the group writer's
/// transaction), replay, bulk replay and backfill (EF on their own transaction) all come through here, so "superseded" is
/// written in one place and always under the same condition: the delivery is still waiting (<see cref="DeliveryStatuses.Waiting"/>),
/// never mid-attempt, so an attempt that claimed it first wins.
/// </summary>
public static class DeliveryOutbox
{
    public const string InsertSql = """
        INSERT INTO "Deliveries" ("Id", "EventId", "EventType", "IntegrationId", "SubjectId", "Status", "AttemptCount", "LastStatusCode", "LastError",
            "NextAttemptAt", "CreatedAt", "UpdatedAt", "ReplayOf", "MessageId", "Payload", "LeaseOwner", "LeaseUntil", "Backfill")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17)
        """;

    /// <summary>Conditional, so a delivery that reached an end (succeeded, failed) or was claimed between the read and this write keeps it.</summary>
    public static readonly string SupersedeSql = $"""
        UPDATE "Deliveries" SET "Status" = '{DeliveryStatus.Superseded.Name()}', "NextAttemptAt" = NULL, "UpdatedAt" = @p1
        WHERE "Id" = @p0 AND "Status" IN ({DeliveryStatuses.WaitingSql})
        """;

    /// <summary>Whether a delivery in this state can be superseded (it is waiting, not mid-attempt).</summary>
    public static bool CanBeSuperseded(DeliveryStatus status) => status.IsWaiting();

    /// <summary>Inserts <paramref name="delivery"/> with a plain statement; one due now is claimed by this node in the insert itself.</summary>
    public static void Insert(SqlBatch sql, Delivery delivery, IDeliveryQueue queue, DateTimeOffset now) =>
        InsertMany(sql, [delivery], queue, now);

    /// <summary>
    /// Inserts <paramref name="deliveries"/>: one binary COPY on PostgreSQL, one statement each on SQLite. Those due now
    /// are claimed by this node in the insert itself.
    /// </summary>
    public static void InsertMany(SqlBatch sql, IReadOnlyCollection<Delivery> deliveries, IDeliveryQueue queue, DateTimeOffset now)
    {
        if (deliveries.Count == 0) return;
        foreach (var d in deliveries) queue.ClaimOnInsert(d, now);
        sql.InsertMany(InsertSql, deliveries.Select(d => Values(sql, d)));
    }

    private static object?[] Values(SqlBatch sql, Delivery d) =>
        [d.Id, d.EventId, d.EventType, d.IntegrationId, d.SubjectId, d.Status.Name(), d.AttemptCount, d.LastStatusCode, sql.Seal(d.LastError),
            sql.Stamp(d.NextAttemptAt), sql.Stamp(d.CreatedAt), sql.Stamp(d.UpdatedAt), d.ReplayOf, d.MessageId, sql.Seal(d.Payload),
            d.LeaseOwner, sql.Stamp(d.LeaseUntil), d.Backfill];

    /// <summary>
    /// Adds <paramref name="delivery"/> to <paramref name="db"/>'s inserts. With <paramref name="claimNow"/>, one due now is
    /// claimed by this node in the insert itself (hand it over with <see cref="IDeliveryQueue.Enqueue(Delivery)"/> after the
    /// commit); without, the due sweep claims it later (paced replays and backfills).
    /// </summary>
    public static void Add(AppDbContext db, Delivery delivery, DateTimeOffset now, IDeliveryQueue? claimNow = null)
    {
        claimNow?.ClaimOnInsert(delivery, now);
        db.Deliveries.Add(delivery);
    }

    /// <summary>waiting → superseded with a plain statement on the caller's batch.</summary>
    public static void Supersede(SqlBatch sql, string deliveryId, DateTimeOffset now) =>
        sql.Execute(SupersedeSql, deliveryId, sql.Stamp(now));

    /// <summary>waiting → superseded for each of <paramref name="deliveryIds"/> still waiting; returns how many were.</summary>
    public static Task<int> SupersedeAsync(AppDbContext db, IReadOnlyCollection<string> deliveryIds, DateTimeOffset now, CancellationToken ct) =>
        db.Deliveries
            .Where(d => deliveryIds.Contains(d.Id) && DeliveryStatuses.Waiting.Contains(d.Status))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Superseded)
                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(d => d.UpdatedAt, now), ct);

    /// <summary>waiting → superseded for one delivery; false when it was no longer waiting.</summary>
    public static async Task<bool> SupersedeAsync(AppDbContext db, string deliveryId, DateTimeOffset now, CancellationToken ct) =>
        await SupersedeAsync(db, [deliveryId], now, ct) == 1;
}
