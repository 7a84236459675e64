using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Makes the database, not Hangfire, the source of truth: every delivery that is due (or will be within the
/// dispatcher's horizon) and that no job of this process holds is handed to Hangfire again, at its stored
/// next-attempt time. Runs at start-up and every minute; running it twice at once adopts each delivery once.
/// </summary>
public sealed class DeliveryReconciler(
    IDbContextFactory<AppDbContext> dbFactory,
    DeliveryDispatcher dispatcher,
    TimeProvider time,
    ILogger<DeliveryReconciler> logger)
{
    private const int PageSize = 2000;
    private static readonly string[] Outstanding = [DeliveryStatus.Scheduled, DeliveryStatus.Pending, DeliveryStatus.Retrying];

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var horizon = time.GetUtcNow() + DeliveryDispatcher.Horizon;
        var adopted = 0;
        string? after = null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        while (true)
        {
            var query = db.Deliveries.AsNoTracking()
                .Where(d => Outstanding.Contains(d.Status) && (d.NextAttemptAt == null || d.NextAttemptAt <= horizon));
            if (after is not null) query = query.Where(d => string.Compare(d.Id, after) > 0);
            var page = await query.OrderBy(d => d.Id).Take(PageSize)
                .Select(d => new { d.Id, d.AttemptCount, d.NextAttemptAt })
                .ToListAsync(ct);
            var now = time.GetUtcNow();
            var dueNow = page.Where(d => (d.NextAttemptAt is null || d.NextAttemptAt <= now) && !dispatcher.Holds(d.Id)).Select(d => d.Id).ToList();
            // Rows due now are read whole in one query and handed over, so the workers need not read them one by one;
            // only while the ready queue is short, so a large backlog after an outage does not sit in memory twice.
            var rows = dueNow.Count > 0 && dispatcher.ReadyCount < DeliveryDispatcher.MaxReadyWithRows
                ? await db.Deliveries.AsNoTracking().Where(d => dueNow.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct)
                : null;
            foreach (var d in page)
            {
                if (dispatcher.Holds(d.Id)) continue;
                var row = rows?.GetValueOrDefault(d.Id);
                // Read after the page: skip what finished in between.
                if (row is not null && row.Status is DeliveryStatus.Succeeded or DeliveryStatus.Failed) continue;
                var ticket = row is not null && row.AttemptCount == d.AttemptCount
                    ? new DeliveryTicket(d.Id, d.AttemptCount, Row: row)
                    : new DeliveryTicket(d.Id, d.AttemptCount);
                if (dispatcher.TryAdopt(ticket, d.NextAttemptAt)) adopted++;
            }
            if (page.Count < PageSize) break;
            after = page[^1].Id;
        }
        if (adopted > 0) logger.LogInformation("Reconciler re-enqueued {Count} deliveries", adopted);
        return adopted;
    }
}
