namespace WebhookConsole.EventLogs;

/// <summary>
/// The Hangfire recurring job for retention (register it hourly, e.g.
/// <c>RecurringJob.AddOrUpdate&lt;RetentionJob&gt;("retention", j =&gt; j.RunAsync(CancellationToken.None), Cron.Hourly())</c>).
/// Safe to run on several nodes at once: each batch only touches rows still past the cutoff.
/// </summary>
public sealed class RetentionJob(RetentionService retention)
{
    public const string RecurringJobId = "event-logs-retention";

    public Task RunAsync(CancellationToken ct) => retention.RunOnceAsync(ct);
}
