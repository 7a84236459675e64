using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Dispatch;

namespace WebhookConsole.EventLogs;

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Attempts and delivery payloads older than this many days are deleted. The deliveries themselves stay.</summary>
    public int Days { get; set; } = 30;

    /// <summary>Rows per statement, so the writer lock is held only briefly and ingest keeps flowing.</summary>
    public int BatchSize { get; set; } = 1000;
}

public sealed record RetentionResult(DateTimeOffset Cutoff, int AttemptsDeleted, int PayloadsRemoved);

/// <summary>
/// Deletes attempts started before the cutoff and empties the payload of finished deliveries (succeeded or failed)
/// created before it, a small batch per statement. Deliveries still waiting keep their payload whatever their age.
/// Runs as the Hangfire recurring job <see cref="RetentionJob"/>.
/// </summary>
public sealed class RetentionService(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger)
{
    public int Days => Math.Max(1, options.Value.Days);

    public async Task<RetentionResult> RunOnceAsync(CancellationToken ct = default)
    {
        var cutoff = time.GetUtcNow().AddDays(-Days);
        var batch = Math.Clamp(options.Value.BatchSize, 1, 10_000);
        var attempts = await DeleteAttemptsAsync(cutoff, null, batch, ct);
        var payloads = await RemovePayloadsAsync(cutoff, null, batch, ct);

        // Integrations that keep payloads a shorter time than everyone else: the same, on their own deliveries only.
        List<(string Id, int Days)> shorter;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            shorter = (await db.Integrations.AsNoTracking().Where(i => i.PayloadRetentionDays != null && i.PayloadRetentionDays < Days)
                .Select(i => new { i.Id, Days = i.PayloadRetentionDays!.Value }).ToListAsync(ct)).Select(i => (i.Id, i.Days)).ToList();
        foreach (var (integrationId, days) in shorter)
        {
            var own = time.GetUtcNow().AddDays(-Math.Max(1, days));
            attempts += await DeleteAttemptsAsync(own, integrationId, batch, ct);
            payloads += await RemovePayloadsAsync(own, integrationId, batch, ct);
        }

        // SQLite's advice for long-lived databases: refresh the planner's statistics now and then (cheap when nothing changed),
        // so the event-log filters keep choosing the right index as the tables grow.
        if (!ct.IsCancellationRequested)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;", ct);
        }

        if (attempts + payloads > 0)
            logger.LogInformation("Retention ({Days} days, before {Cutoff:u}): deleted {Attempts} attempts, removed {Payloads} payloads",
                Days, cutoff, attempts, payloads);
        return new RetentionResult(cutoff, attempts, payloads);
    }

    private async Task<int> DeleteAttemptsAsync(DateTimeOffset cutoff, string? integrationId, int batch, CancellationToken ct)
    {
        var attempts = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var q = db.Attempts.Where(a => a.StartedAt < cutoff);
            if (integrationId is not null) q = q.Where(a => db.Deliveries.Any(d => d.Id == a.DeliveryId && d.IntegrationId == integrationId));
            var deleted = await q.OrderBy(a => a.StartedAt).Take(batch).ExecuteDeleteAsync(ct);
            attempts += deleted;
            if (deleted < batch) break;
        }
        return attempts;
    }

    /// <summary>
    /// Per status, walking forward in id order on the (Status, Id, CreatedAt, …) index up to the ids the cutoff allows
    /// (ids are time-ordered; CreatedAt is checked exactly), so each batch starts where the previous one ended instead of
    /// rescanning rows already emptied.
    /// </summary>
    private async Task<int> RemovePayloadsAsync(DateTimeOffset cutoff, string? integrationId, int batch, CancellationToken ct)
    {
        var payloads = 0;
        foreach (var status in new[] { DeliveryStatus.Succeeded, DeliveryStatus.Failed })
        {
            var after = "";
            while (!ct.IsCancellationRequested)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var ids = await PayloadsBefore(db, status, cutoff, integrationId, after).Take(batch).Select(d => d.Id).ToArrayAsync(ct);
                if (ids.Length == 0) break;
                payloads += await db.Deliveries
                    .Where(d => ids.Contains(d.Id) && d.Status == status)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Payload, Array.Empty<byte>()), ct);
                after = ids[^1];
                if (ids.Length < batch) break;
            }
        }
        return payloads;
    }

    /// <summary>
    /// Deliveries in <paramref name="status"/> created before <paramref name="cutoff"/> that still hold a payload, in id
    /// order after <paramref name="after"/>: an id range of the (Status, Id, CreatedAt, …) index.
    /// </summary>
    internal static IQueryable<Delivery> PayloadsBefore(AppDbContext db, DeliveryStatus status, DateTimeOffset cutoff, string? integrationId, string after = "")
    {
        var ceiling = DeliveryQueries.IdCeiling(cutoff);
        var q = db.Deliveries.AsNoTracking().Where(d => d.Status == status && string.Compare(d.Id, after) > 0 && string.Compare(d.Id, ceiling) < 0
                                                       && d.CreatedAt < cutoff && d.Payload.Length >= 1);
        if (integrationId is not null) q = q.Where(d => d.IntegrationId == integrationId);
        return q.OrderBy(d => d.Id);
    }
}
