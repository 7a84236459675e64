namespace WebhookConsole.Backfill;

/// <summary>What a backfill sends (or, on a dry run, would send): <see cref="Count"/> events, oldest first.</summary>
/// <param name="JobId">The Hangfire job that creates the deliveries; null on a dry run or when there is nothing to send.</param>
public sealed record BackfillResult(int Count, bool DryRun, DateTimeOffset From, DateTimeOffset To, string? JobId)
{
    /// <summary>Roughly how long the deliveries take to start at the per-integration rate of bulk replays.</summary>
    public TimeSpan? SpreadOver { get; init; }
}
