namespace WebhookConsole.Dispatch;

/// <summary>
/// The dispatcher's statements as plain prepared SQL (columns as the EF model maps them; a test keeps them in step).
/// Every change to a claimed delivery names its claim (owner and lease-until), so a node whose lease lapsed and was taken
/// over can never overwrite the new owner's work.
/// </summary>
internal static class DispatchSql
{
    /// <summary>Columns of a claimed row, in the order <see cref="DeliveryClaims"/> reads them.</summary>
    private const string ClaimedColumns = """
        "Id", "EventId", "EventType", "IntegrationId", "SubjectId", "Status", "AttemptCount", "NextAttemptAt", "CreatedAt", "UpdatedAt",
        "ReplayOf", "MessageId", "Payload", "LeaseOwner", "LeaseUntil"
        """;

    /// <summary>
    /// Claims up to @p3 deliveries for @p0 until @p1: waiting ones due by @p2, and sending ones whose lease lapsed before @p2
    /// (their node died or stalled). One statement, so two sweeps (two processes on one file) never claim the same row.
    /// </summary>
    public static readonly string ClaimDue = $"""
        UPDATE "Deliveries" SET "Status" = 'sending', "LeaseOwner" = @p0, "LeaseUntil" = @p1, "UpdatedAt" = @p2
        WHERE "Id" IN (
            SELECT "Id" FROM "Deliveries" WHERE "Status" IN ({DeliveryStatuses.WaitingSql}) AND "NextAttemptAt" <= @p2
            UNION ALL
            SELECT "Id" FROM "Deliveries" WHERE "Status" = 'sending' AND "LeaseUntil" < @p2
            LIMIT @p3)
        RETURNING {ClaimedColumns}
        """;

    /// <summary>
    /// As <see cref="ClaimDue"/> on PostgreSQL: the rows are locked as they are picked and rows another node is claiming
    /// right now are skipped, so concurrent sweeps of several nodes each take different rows without waiting on each other.
    /// </summary>
    public static readonly string ClaimDuePostgres = $"""
        UPDATE "Deliveries" SET "Status" = 'sending', "LeaseOwner" = @p0, "LeaseUntil" = @p1, "UpdatedAt" = @p2
        WHERE "Id" IN (
            SELECT "Id" FROM "Deliveries"
            WHERE ("Status" IN ({DeliveryStatuses.WaitingSql}) AND "NextAttemptAt" <= @p2) OR ("Status" = 'sending' AND "LeaseUntil" < @p2)
            LIMIT @p3
            FOR UPDATE SKIP LOCKED)
        RETURNING {ClaimedColumns}
        """;

    /// <summary>
    /// The earliest due time after @p0 of any waiting delivery, on any node: one index seek per status. The sweep sleeps
    /// until then, so a retry due later than this node's wake-up horizon, or one another node recorded, still starts on time.
    /// Each branch also names the waiting statuses: the (Status, NextAttemptAt) index holds only those rows, and SQLite uses
    /// a partial index only for a query that repeats its condition.
    /// </summary>
    public static readonly string NextDue = $"""
        SELECT MIN(n) FROM (
            SELECT MIN("NextAttemptAt") AS n FROM "Deliveries" WHERE "Status" IN ({DeliveryStatuses.WaitingSql}) AND "Status" = 'scheduled' AND "NextAttemptAt" > @p0
            UNION ALL
            SELECT MIN("NextAttemptAt") FROM "Deliveries" WHERE "Status" IN ({DeliveryStatuses.WaitingSql}) AND "Status" = 'pending' AND "NextAttemptAt" > @p0
            UNION ALL
            SELECT MIN("NextAttemptAt") FROM "Deliveries" WHERE "Status" IN ({DeliveryStatuses.WaitingSql}) AND "Status" = 'retrying' AND "NextAttemptAt" > @p0) AS due
        """;

    /// <summary>Extends claim (@p0, @p1 owner, @p2 lease-until) to @p3; no row when the claim is no longer ours.</summary>
    public const string Renew = """
        UPDATE "Deliveries" SET "LeaseUntil" = @p3
        WHERE "Id" = @p0 AND "Status" = 'sending' AND "LeaseOwner" = @p1 AND "LeaseUntil" = @p2
        """;

    /// <summary>The outcome of an attempt on claim (@p7 owner, @p8 lease-until): every column an attempt changes; the claim ends.</summary>
    public const string RecordOutcome = """
        UPDATE "Deliveries" SET "Status" = @p1, "AttemptCount" = @p2, "LastStatusCode" = @p3, "LastError" = @p4,
            "NextAttemptAt" = @p5, "UpdatedAt" = @p6, "LeaseOwner" = NULL, "LeaseUntil" = NULL
        WHERE "Id" = @p0 AND "Status" = 'sending' AND "LeaseOwner" = @p7 AND "LeaseUntil" = @p8
        """;

    /// <summary>
    /// <see cref="RecordOutcome"/> and <see cref="InsertAttempt"/> for many claims of node @p8 in one statement (PostgreSQL):
    /// one row per claim in the arrays @p0–@p7, each still conditional on its own lease-until, and one per attempt in @p9–@p17
    /// (kept whether or not the claim was still ours: the request did go out); returns the ids whose outcome was recorded.
    /// Status and lease-until are compared with <c>IS NOT DISTINCT FROM</c> (the same as <c>=</c> here: neither is null on a
    /// claimed row), which no index serves, so each row is found by its primary key. With <c>=</c>, a plan made while the
    /// table's statistics lag (a new database, a large ingest just copied in) read every 'sending' row through the status
    /// indexes for each statement, and every delivery of an ingested batch shares one lease-until.
    /// The arrays reach <c>unnest</c> through a subquery the planner keeps (<c>OFFSET 0</c>), so it cannot see how many
    /// elements they hold: a plan for the values at hand then costs the same as the prepared statement's generic plan, and
    /// PostgreSQL keeps the generic one after a few runs. With the arrays in view, every run of a group smaller than ten was
    /// planned again (a fifth of the server's CPU per delivery), the plan being the same primary-key lookup each time.
    /// </summary>
    public const string RecordOutcomesPostgres = $"""
        WITH recorded AS (
            UPDATE "Deliveries" SET "Status" = o.status, "AttemptCount" = o.attempts, "LastStatusCode" = o.code, "LastError" = o.error,
                "NextAttemptAt" = o.next, "UpdatedAt" = o.updated, "LeaseOwner" = NULL, "LeaseUntil" = NULL
            FROM (SELECT @p0::text[] AS a0, @p1::text[] AS a1, @p2::integer[] AS a2, @p3::integer[] AS a3, @p4::text[] AS a4,
                    @p5::timestamptz[] AS a5, @p6::timestamptz[] AS a6, @p7::timestamptz[] AS a7 OFFSET 0) AS p,
                unnest(p.a0, p.a1, p.a2, p.a3, p.a4, p.a5, p.a6, p.a7) AS o(id, status, attempts, code, error, next, updated, claimed)
            WHERE "Deliveries"."Id" = o.id AND "Status" IS NOT DISTINCT FROM 'sending' AND "LeaseOwner" = @p8 AND "LeaseUntil" IS NOT DISTINCT FROM o.claimed
            RETURNING "Deliveries"."Id"),
        attempts AS (
            INSERT INTO "Attempts" ({AttemptColumns})
            SELECT u.* FROM (SELECT @p9::text[] AS b0, @p10::integer[] AS b1, @p11::timestamptz[] AS b2, @p12::integer[] AS b3, @p13::text[] AS b4,
                    @p14::integer[] AS b5, @p15::text[] AS b6, @p16::text[] AS b7, @p17::text[] AS b8 OFFSET 0) AS q,
                unnest(q.b0, q.b1, q.b2, q.b3, q.b4, q.b5, q.b6, q.b7, q.b8) AS u)
        SELECT "Id" FROM recorded
        """;

    /// <summary>
    /// <see cref="Renew"/> for many claims of node @p3 in one statement (PostgreSQL); returns the ids renewed. Rows are found
    /// by id, and planned once, as in <see cref="RecordOutcomesPostgres"/>.
    /// </summary>
    public const string RenewManyPostgres = """
        UPDATE "Deliveries" SET "LeaseUntil" = r.until
        FROM (SELECT @p0::text[] AS a0, @p1::timestamptz[] AS a1, @p2::timestamptz[] AS a2 OFFSET 0) AS p,
            unnest(p.a0, p.a1, p.a2) AS r(id, claimed, until)
        WHERE "Deliveries"."Id" = r.id AND "Status" IS NOT DISTINCT FROM 'sending' AND "LeaseOwner" = @p3 AND "LeaseUntil" IS NOT DISTINCT FROM r.claimed
        RETURNING "Deliveries"."Id"
        """;

    /// <summary>The columns an attempt is written with, in <see cref="AttemptValues"/>' order.</summary>
    private const string AttemptColumns = """
        "DeliveryId", "Number", "StartedAt", "DurationMs", "RequestHeaders", "StatusCode", "ResponseHeaders", "ResponseBody", "Error"
        """;

    public const string InsertAttempt = $"""
        INSERT INTO "Attempts" ({AttemptColumns})
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)
        """;

    /// <summary>The values of <see cref="InsertAttempt"/> for <paramref name="a"/>, in its parameters' order.</summary>
    public static object?[] AttemptValues(SqlBatch sql, Attempt a) =>
        [a.DeliveryId, a.Number, sql.Stamp(a.StartedAt), a.DurationMs, sql.Seal(a.RequestHeaders), a.StatusCode, sql.Seal(a.ResponseHeaders), sql.Seal(a.ResponseBody), sql.Seal(a.Error)];

    /// <summary>At shutdown: the claims of node @p0 that never started go back to waiting, due at once for any node.</summary>
    public const string ReleaseNode = """
        UPDATE "Deliveries" SET "Status" = CASE WHEN "AttemptCount" = 0 THEN 'pending' ELSE 'retrying' END, "LeaseOwner" = NULL, "LeaseUntil" = NULL
        WHERE "Status" = 'sending' AND "LeaseOwner" = @p0
        """;
}
