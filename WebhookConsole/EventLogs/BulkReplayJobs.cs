using Hangfire;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Audit;

namespace WebhookConsole.EventLogs;

/// <summary>
/// Bulk replays set to run later: a Hangfire scheduled job in the durable job store, so it runs once (on any node of the
/// cluster) even across restarts, and shows in /hangfire with its history. A replay that runs now needs no job: the replays
/// it creates are rows due at their rate-limited times, already durable.
/// </summary>
public sealed class BulkReplayJobs(IBackgroundJobClient jobs, ReplayService replays, AuditLog audit, IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(30);

    public async Task<BulkReplayResult> ScheduleAsync(BulkReplayRequest request, DateTimeOffset startAt, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (startAt <= now || startAt > now + MaxAhead)
            throw new ValidationException(new Dictionary<string, string[]> { ["startAt"] = [$"'startAt' must lie in the future, within {MaxAhead.TotalDays:0} days."] });
        var preview = await replays.PreviewAsync(request.ToFilter(), ct);
        var run = request with { StartAt = null, DryRun = false };
        var jobId = jobs.Schedule<BulkReplayJob>(j => j.RunAsync(run, actor), startAt);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        audit.Add(db, actor, "delivery.bulk_replay_scheduled", "Delivery", null, null, new { jobId, startAt, filter = ReplayService.Describe(request.ToFilter()), preview.Count });
        await db.SaveChangesAsync(ct);
        return preview with { DryRun = false, JobId = jobId, StartAt = startAt };
    }
}

/// <summary>The scheduled bulk replay itself. Retried by Hangfire if the node dies mid-way: deliveries already replayed are not replayed twice.</summary>
[AutomaticRetry(Attempts = 3)]
public sealed class BulkReplayJob(ReplayService replays)
{
    [JobDisplayName("Bulk replay scheduled by {1}")]
    public Task<BulkReplayResult> RunAsync(BulkReplayRequest request, string actor) =>
        replays.ReplayManyAsync(request.ToFilter(), actor, null, CancellationToken.None);
}
