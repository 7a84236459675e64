namespace WebhookConsole.Dispatch;

/// <summary>
/// On PostgreSQL, the outcomes recorded by the units of one group commit, written together: one statement (a conditional
/// <c>UPDATE … FROM unnest(…)</c> for the deliveries with an <c>INSERT … SELECT FROM unnest(…)</c> of their attempts)
/// instead of two per delivery. Each outcome is still conditional on its own claim; its answer is read once the group has committed.
/// </summary>
internal sealed class PostgresOutcomes : SqlBatch.IGathered
{
    private sealed record Outcome(Delivery Delivery, DateTimeOffset ClaimedUntil, Attempt? Attempt)
    {
        public bool Recorded { get; set; }
    }

    private readonly List<Outcome> outcomes = [];
    private string owner = "";

    /// <summary>Adds the outcome of <paramref name="owner"/>'s claim; the answer says whether it was recorded (the claim was still ours).</summary>
    public Func<bool> Add(Delivery d, string owner, DateTimeOffset claimedUntil, Attempt? attempt)
    {
        this.owner = owner;
        var outcome = new Outcome(d, claimedUntil, attempt);
        outcomes.Add(outcome);
        return () => outcome.Recorded;
    }

    public void Run(SqlBatch sql)
    {
        // In id order, so two groups that touch some of the same rows lock them in the same order.
        var rows = outcomes.OrderBy(o => o.Delivery.Id, StringComparer.Ordinal).ToList();
        var attempts = rows.Where(o => o.Attempt is not null).Select(o => o.Attempt!).ToList();
        var recorded = sql.Query(DispatchSql.RecordOutcomesPostgres, (r, _) => r.GetString(0),
            rows.Select(o => o.Delivery.Id).ToArray(),
            rows.Select(o => o.Delivery.Status.Name()).ToArray(),
            rows.Select(o => o.Delivery.AttemptCount).ToArray(),
            rows.Select(o => o.Delivery.LastStatusCode).ToArray(),
            rows.Select(o => sql.Seal(o.Delivery.LastError)).ToArray(),
            rows.Select(o => o.Delivery.NextAttemptAt?.ToUniversalTime()).ToArray(),
            rows.Select(o => o.Delivery.UpdatedAt.ToUniversalTime()).ToArray(),
            rows.Select(o => o.ClaimedUntil.ToUniversalTime()).ToArray(),
            owner,
            attempts.Select(a => a.DeliveryId).ToArray(),
            attempts.Select(a => a.Number).ToArray(),
            attempts.Select(a => a.StartedAt.ToUniversalTime()).ToArray(),
            attempts.Select(a => a.DurationMs).ToArray(),
            attempts.Select(a => sql.Seal(a.RequestHeaders)).ToArray(),
            attempts.Select(a => a.StatusCode).ToArray(),
            attempts.Select(a => sql.Seal(a.ResponseHeaders)).ToArray(),
            attempts.Select(a => sql.Seal(a.ResponseBody)).ToArray(),
            attempts.Select(a => sql.Seal(a.Error)).ToArray()).ToHashSet(StringComparer.Ordinal);
        foreach (var o in rows) o.Recorded = recorded.Contains(o.Delivery.Id);
    }
}
