using WebhookConsole.Dispatch;

namespace WebhookConsole.Ingest;

/// <summary>The inserts of ingest as plain prepared statements on the group writer's transaction (columns as the EF model maps them; a test keeps them in step).</summary>
internal static class IngestSql
{
    public const string InsertEventSql = """
        INSERT INTO "Events" ("Id", "Type", "WebsiteId", "CampaignId", "ProgramId", "SubjectId", "OccurredAt", "ReceivedAt", "Data", "IdempotencyKey")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)
        """;

    public const string InsertDeliverySql = """
        INSERT INTO "Deliveries" ("Id", "EventId", "EventType", "IntegrationId", "SubjectId", "Status", "AttemptCount", "LastStatusCode", "LastError",
            "NextAttemptAt", "CreatedAt", "UpdatedAt", "ReplayOf", "MessageId", "Payload", "LeaseOwner", "LeaseUntil", "Backfill")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17)
        """;

    /// <summary>The statuses of a delivery still on its way, which a completion may supersede.</summary>
    public static readonly string[] Supersedable = [DeliveryStatus.Pending, DeliveryStatus.Scheduled, DeliveryStatus.Retrying];

    /// <summary>
    /// Supersedes an INCOMPLETE delivery once its participation completed. Conditional, so a delivery that reached an
    /// end (succeeded, failed) between the read and this write keeps it. Kept apart from the dispatcher's own writes.
    /// </summary>
    public const string SupersedeSql = """
        UPDATE "Deliveries" SET "Status" = 'superseded', "NextAttemptAt" = NULL, "UpdatedAt" = @p1
        WHERE "Id" = @p0 AND "Status" IN ('pending', 'scheduled', 'retrying')
        """;

    public static void Supersede(SqlBatch sql, string deliveryId, DateTimeOffset now) =>
        sql.Execute(SupersedeSql, deliveryId, sql.Stamp(now));

    /// <summary>
    /// Re-renders a waiting INCOMPLETE delivery after a `participation.updated`. Conditional, so one the dispatcher has
    /// claimed or attempted in the meantime keeps the bytes it is being sent with.
    /// </summary>
    public const string RefreshSql = """
        UPDATE "Deliveries" SET "Payload" = @p1, "UpdatedAt" = @p2
        WHERE "Id" = @p0 AND "Status" = 'scheduled' AND "AttemptCount" = 0 AND "LeaseOwner" IS NULL
        """;

    public static void Refresh(SqlBatch sql, string deliveryId, byte[] payload, DateTimeOffset now) =>
        sql.Execute(RefreshSql, deliveryId, payload, sql.Stamp(now));

    /// <summary>Every event in one statement on PostgreSQL (binary COPY); one insert each on SQLite.</summary>
    public static void InsertEvents(SqlBatch sql, IReadOnlyCollection<WebhookEvent> events)
    {
        if (events.Count > 0) sql.InsertMany(InsertEventSql, events.Select(e => EventValues(sql, e)));
    }

    /// <summary>Every delivery in one statement on PostgreSQL (binary COPY); one insert each on SQLite.</summary>
    public static void InsertDeliveries(SqlBatch sql, IReadOnlyCollection<Delivery> deliveries)
    {
        if (deliveries.Count > 0) sql.InsertMany(InsertDeliverySql, deliveries.Select(d => DeliveryValues(sql, d)));
    }

    private static object?[] EventValues(SqlBatch sql, WebhookEvent e) =>
        [e.Id, e.Type, e.WebsiteId, e.CampaignId, e.ProgramId, e.SubjectId, sql.Stamp(e.OccurredAt), sql.Stamp(e.ReceivedAt), sql.Seal(e.Data), e.IdempotencyKey];

    private static object?[] DeliveryValues(SqlBatch sql, Delivery d) =>
        [d.Id, d.EventId, d.EventType, d.IntegrationId, d.SubjectId, d.Status, d.AttemptCount, d.LastStatusCode, d.LastError,
            sql.Stamp(d.NextAttemptAt), sql.Stamp(d.CreatedAt), sql.Stamp(d.UpdatedAt), d.ReplayOf, d.MessageId, sql.Seal(d.Payload),
            d.LeaseOwner, sql.Stamp(d.LeaseUntil), d.Backfill];
}
