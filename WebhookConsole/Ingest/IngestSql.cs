using WebhookConsole.Dispatch;

namespace WebhookConsole.Ingest;

/// <summary>The event insert and payload refresh of ingest as plain prepared statements (deliveries go through <see cref="DeliveryOutbox"/>) on the group writer's transaction (columns as the EF model maps them; a test keeps them in step).</summary>
internal static class IngestSql
{
    public const string InsertEventSql = """
        INSERT INTO "Events" ("Id", "Type", "WebsiteId", "CampaignId", "ProgramId", "SubjectId", "OccurredAt", "ReceivedAt", "Data", "IdempotencyKey", "EmailHash")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)
        """;

    /// <summary>
    /// Re-renders a waiting INCOMPLETE delivery after a `participation.updated`. Conditional, so one the dispatcher has
    /// claimed or attempted in the meantime keeps the bytes it is being sent with.
    /// </summary>
    public static readonly string RefreshSql = $"""
        UPDATE "Deliveries" SET "Payload" = @p1, "UpdatedAt" = @p2
        WHERE "Id" = @p0 AND "Status" = '{DeliveryStatus.Scheduled.Name()}' AND "AttemptCount" = 0 AND "LeaseOwner" IS NULL
        """;

    public static void Refresh(SqlBatch sql, string deliveryId, byte[] payload, DateTimeOffset now) =>
        sql.Execute(RefreshSql, deliveryId, payload, sql.Stamp(now));

    /// <summary>Every event in one statement on PostgreSQL (binary COPY); one insert each on SQLite.</summary>
    public static void InsertEvents(SqlBatch sql, IReadOnlyCollection<WebhookEvent> events)
    {
        if (events.Count > 0) sql.InsertMany(InsertEventSql, events.Select(e => EventValues(sql, e)));
    }

    private static object?[] EventValues(SqlBatch sql, WebhookEvent e) =>
        [e.Id, e.Type, e.WebsiteId, e.CampaignId, e.ProgramId, e.SubjectId, sql.Stamp(e.OccurredAt), sql.Stamp(e.ReceivedAt), sql.Seal(e.Data), e.IdempotencyKey, e.EmailHash];
}
