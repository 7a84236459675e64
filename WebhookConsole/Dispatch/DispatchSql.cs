namespace WebhookConsole.Dispatch;

/// <summary>The dispatcher's writes as plain prepared statements (columns as the EF model maps them; a test keeps them in step).</summary>
internal static class DispatchSql
{
    /// <summary>The outcome of an attempt: every column an attempt changes, by id.</summary>
    public const string UpdateDelivery = """
        UPDATE "Deliveries" SET "Status" = @p1, "AttemptCount" = @p2, "LastStatusCode" = @p3, "LastError" = @p4,
            "NextAttemptAt" = @p5, "UpdatedAt" = @p6
        WHERE "Id" = @p0
        """;

    public const string InsertAttempt = """
        INSERT INTO "Attempts" ("DeliveryId", "Number", "StartedAt", "DurationMs", "RequestHeaders", "StatusCode", "ResponseHeaders", "ResponseBody", "Error")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)
        """;
}
