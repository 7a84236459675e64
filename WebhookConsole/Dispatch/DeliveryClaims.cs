using System.Data.Common;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Claims in the database: who holds a delivery lives in its row (owner node, lease-until), never only in memory. Every
/// statement runs on the group writer, so claims, renewals and outcomes of many workers share commits, and each is
/// conditional on the claim it names: a node can never record over a delivery another node has taken over.
/// </summary>
public sealed class DeliveryClaims(GroupCommitWriter writer, DispatchNode node, DeliveryOptions options, TimeProvider time, ILogger<DeliveryClaims> logger)
{
    /// <summary>Time an attempt needs left on its lease before it starts: the request's timeout plus this to record the outcome.</summary>
    public static readonly TimeSpan RecordMargin = TimeSpan.FromSeconds(2);

    public string Owner => node.Id;

    /// <summary>A new lease from now.</summary>
    public DateTimeOffset NewLease(DateTimeOffset now) =>
        DateTimeOffset.FromUnixTimeMilliseconds((now + options.LeaseDuration).ToUnixTimeMilliseconds()); // as stored: the token must compare equal

    /// <summary>Marks a row about to be inserted as claimed by this node (ingest, replay): the hot path claims in its own insert.</summary>
    public void ClaimOnInsert(Delivery d, DateTimeOffset now) => DeliveryLifecycle.Claim(d, node.Id, NewLease(now));

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries (waiting ones and lapsed claims) in one statement, and reads when
    /// the next waiting one falls due, in the same commit.
    /// </summary>
    public async Task<DueClaims> ClaimDueAsync(int limit)
    {
        var now = time.GetUtcNow();
        var until = NewLease(now);
        return await writer.WriteSqlAsync(sql =>
        {
            var claimed = sql.Query(sql.IsPostgres ? DispatchSql.ClaimDuePostgres : DispatchSql.ClaimDue, ReadClaimed, node.Id, sql.Stamp(until), sql.Stamp(now), limit);
            var next = sql.Query(DispatchSql.NextDue, (r, s) => r.IsDBNull(0) ? (DateTimeOffset?)null : s.ReadStamp(r, 0), sql.Stamp(now)).FirstOrDefault();
            return new DueClaims(claimed, next);
        });
    }

    /// <summary>
    /// Makes sure the claim has time left for a whole attempt; extends it when not. Null when the claim is no longer ours
    /// (it lapsed and another sweep took the delivery over): then this node must not send.
    /// </summary>
    public async Task<DeliveryClaim?> EnsureTimeForAttemptAsync(DeliveryClaim claim)
    {
        var now = time.GetUtcNow();
        if (claim.LeaseUntil - now >= options.Timeout + RecordMargin) return claim;
        var until = NewLease(now);
        var renewed = (await writer.WriteSqlAsync(sql =>
        {
            // PostgreSQL: the group's renewals go out as one statement, answered after it ran.
            if (sql.IsPostgres) return sql.Gather<PostgresRenewals>().Add(claim.DeliveryId, node.Id, claim.LeaseUntil, until);
            var rows = sql.Execute(DispatchSql.Renew, claim.DeliveryId, node.Id, sql.Stamp(claim.LeaseUntil), sql.Stamp(until));
            return () => rows == 1;
        }))();
        if (!renewed) Observability.ConsoleMetrics.LeaseLost();
        return renewed ? claim with { LeaseUntil = until, Row = claim.Row is { } row ? WithLease(row, until) : null } : null;
    }

    /// <summary>
    /// Records the new state (and the attempt, when one was made) and ends the claim, in one commit. The attempt is kept even
    /// if the claim was lost meanwhile (the request did go out); false then, and the state is left to the new owner.
    /// <paramref name="later"/>: nothing waits on this commit to go on (the attempt's slot has passed on already), so it may
    /// wait a few milliseconds to share a group (<see cref="GroupCommitWriter.Linger"/>).
    /// </summary>
    public async Task<bool> RecordAsync(Delivery d, DateTimeOffset claimedUntil, Attempt? attempt, bool later = false)
    {
        Func<SqlBatch, Func<bool>> record = sql =>
        {
            // PostgreSQL: the group's outcomes and attempts go out as one statement each, answered after they ran.
            if (sql.IsPostgres) return sql.Gather<PostgresOutcomes>().Add(d, node.Id, claimedUntil, attempt);
            var changed = sql.Execute(DispatchSql.RecordOutcome, d.Id, d.Status.Name(), d.AttemptCount, d.LastStatusCode, sql.Seal(d.LastError),
                sql.Stamp(d.NextAttemptAt), sql.Stamp(d.UpdatedAt), node.Id, sql.Stamp(claimedUntil));
            if (attempt is not null) sql.Execute(DispatchSql.InsertAttempt, DispatchSql.AttemptValues(sql, attempt));
            return () => changed == 1;
        };
        var recorded = (await (later ? writer.WriteSqlLaterAsync(record) : writer.WriteSqlAsync(record)))();
        if (!recorded) Observability.ConsoleMetrics.LeaseLost();
        if (!recorded)
            logger.LogWarning("Delivery {DeliveryId}: the claim lapsed or was taken over before the outcome was recorded; the new owner carries on", d.Id);
        return recorded;
    }

    /// <summary>Gives back every claim of this node that no attempt is using (at shutdown, after the workers stopped).</summary>
    public Task<int> ReleaseAllAsync() => writer.WriteSqlAsync(sql => sql.Execute(DispatchSql.ReleaseNode, node.Id));

    private static Delivery WithLease(Delivery row, DateTimeOffset until)
    {
        var copy = row.Copy();
        copy.RenewLease(until);
        return copy;
    }

    private static Delivery ReadClaimed(DbDataReader r, SqlBatch sql) => Delivery.FromRow(new DeliveryRow
    {
        Id = r.GetString(0),
        EventId = r.GetString(1),
        EventType = r.GetString(2),
        IntegrationId = r.GetString(3),
        SubjectId = r.IsDBNull(4) ? null : r.GetString(4),
        Status = DeliveryStatuses.Parse(r.GetString(5)),
        AttemptCount = r.GetInt32(6),
        NextAttemptAt = r.IsDBNull(7) ? null : sql.ReadStamp(r, 7),
        CreatedAt = sql.ReadStamp(r, 8),
        UpdatedAt = sql.ReadStamp(r, 9),
        ReplayOf = r.IsDBNull(10) ? null : r.GetString(10),
        MessageId = r.GetString(11),
        Payload = sql.Open((byte[])r.GetValue(12)),
        LeaseOwner = r.GetString(13),
        LeaseUntil = sql.ReadStamp(r, 14),
    });
}
