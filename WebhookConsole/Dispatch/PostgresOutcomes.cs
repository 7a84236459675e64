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
        outcomes.Sort((a, b) => string.CompareOrdinal(a.Delivery.Id, b.Delivery.Id));
        var n = outcomes.Count;
        var ids = new string[n];
        var statuses = new string[n];
        var attemptCounts = new int[n];
        var codes = new int?[n];
        var errors = new string?[n];
        var next = new DateTimeOffset?[n];
        var updated = new DateTimeOffset[n];
        var claimed = new DateTimeOffset[n];
        var attempts = new List<Attempt>(n);
        for (var i = 0; i < n; i++)
        {
            var d = outcomes[i].Delivery;
            ids[i] = d.Id;
            statuses[i] = d.Status.Name();
            attemptCounts[i] = d.AttemptCount;
            codes[i] = d.LastStatusCode;
            errors[i] = sql.Seal(d.LastError);
            next[i] = d.NextAttemptAt?.ToUniversalTime();
            updated[i] = d.UpdatedAt.ToUniversalTime();
            claimed[i] = outcomes[i].ClaimedUntil.ToUniversalTime();
            if (outcomes[i].Attempt is { } a) attempts.Add(a);
        }
        var recorded = sql.Query(DispatchSql.RecordOutcomesPostgres, (r, _) => r.GetString(0),
            ids, statuses, attemptCounts, codes, errors, next, updated, claimed, owner,
            attempts.ConvertAll(a => a.DeliveryId).ToArray(),
            attempts.ConvertAll(a => a.Number).ToArray(),
            attempts.ConvertAll(a => a.StartedAt.ToUniversalTime()).ToArray(),
            attempts.ConvertAll(a => a.DurationMs).ToArray(),
            attempts.ConvertAll(a => sql.Seal(a.RequestHeaders)).ToArray(),
            attempts.ConvertAll(a => a.StatusCode).ToArray(),
            attempts.ConvertAll(a => sql.Seal(a.ResponseHeaders)).ToArray(),
            attempts.ConvertAll(a => sql.Seal(a.ResponseBody)).ToArray(),
            attempts.ConvertAll(a => sql.Seal(a.Error)).ToArray());
        if (recorded.Count == n)
        {
            foreach (var o in outcomes) o.Recorded = true; // the usual case: every claim was still ours
            return;
        }
        var ours = recorded.ToHashSet(StringComparer.Ordinal);
        foreach (var o in outcomes) o.Recorded = ours.Contains(o.Delivery.Id);
    }
}
