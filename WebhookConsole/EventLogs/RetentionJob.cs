namespace WebhookConsole.EventLogs;

/// <summary>
/// The Hangfire recurring job for retention (register it hourly, e.g.
/// <c>RecurringJob.AddOrUpdate&lt;RetentionJob&gt;("retention", j =&gt; j.RunAsync(CancellationToken.None), Cron.Hourly())</c>).
/// Safe to run on several nodes at once: each batch only touches rows still past the cutoff.
/// </summary>
public sealed class RetentionJob(RetentionService retention, IEnumerable<IExpiringData> others)
{
    public const string RecurringJobId = "event-logs-retention";

    public async Task RunAsync(CancellationToken ct)
    {
        await retention.RunOnceAsync(ct);
        // Other features' expiring data (request bins past Inspector:Retention, their requests with them) go in the same hourly run.
        foreach (var data in others) await data.DeleteExpiredAsync(ct);
    }
}
