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
            foreach (var d in page)
                if (!dispatcher.Holds(d.Id) && dispatcher.TryAdopt(new DeliveryTicket(d.Id, d.AttemptCount), d.NextAttemptAt))
                    adopted++;
            if (page.Count < PageSize) break;
            after = page[^1].Id;
        }
        if (adopted > 0) logger.LogInformation("Reconciler re-enqueued {Count} deliveries", adopted);
        return adopted;
    }
}
