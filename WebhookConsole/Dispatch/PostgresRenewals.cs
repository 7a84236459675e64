namespace WebhookConsole.Dispatch;

/// <summary>
/// On PostgreSQL, the lease renewals of one group commit in one conditional <c>UPDATE … FROM unnest(…)</c>: a deep ready
/// queue renews many claims at once, and each stays conditional on its own lease-until.
/// </summary>
internal sealed class PostgresRenewals : SqlBatch.IGathered
{
    private sealed record Renewal(string DeliveryId, DateTimeOffset ClaimedUntil, DateTimeOffset Until)
    {
        public bool Renewed { get; set; }
    }

    private readonly List<Renewal> renewals = [];
    private string owner = "";

    /// <summary>Adds the renewal of <paramref name="owner"/>'s claim; the answer says whether it was renewed (the claim was still ours).</summary>
    public Func<bool> Add(string deliveryId, string owner, DateTimeOffset claimedUntil, DateTimeOffset until)
    {
        this.owner = owner;
        var renewal = new Renewal(deliveryId, claimedUntil, until);
        renewals.Add(renewal);
        return () => renewal.Renewed;
    }

    public void Run(SqlBatch sql)
    {
        var rows = renewals.OrderBy(r => r.DeliveryId, StringComparer.Ordinal).ToList();
        var renewed = sql.Query(DispatchSql.RenewManyPostgres, (r, _) => r.GetString(0),
            rows.Select(r => r.DeliveryId).ToArray(),
            rows.Select(r => r.ClaimedUntil.ToUniversalTime()).ToArray(),
            rows.Select(r => r.Until.ToUniversalTime()).ToArray(),
            owner).ToHashSet(StringComparer.Ordinal);
        foreach (var r in rows) r.Renewed = renewed.Contains(r.DeliveryId);
    }
}
