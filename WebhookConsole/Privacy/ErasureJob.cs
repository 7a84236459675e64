using Hangfire;
using Hangfire.Server;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Privacy;

/// <summary>
/// Removes a person's deliveries (with their attempts), events and inspector captures, a batch per statement so ingest
/// keeps flowing, recording progress on the erasure row after each batch. Deleted, not scrubbed: the audit trail is the
/// erasure row and its audit entries, which hold counts, never the identifier. A Hangfire retry starts over and finds
/// only what is left. Its only argument is the erasure's id, so the identifier never reaches the job store.
/// </summary>
[AutomaticRetry(Attempts = 3)]
public sealed class ErasureJob(
    IDbContextFactory<AppDbContext> dbFactory,
    ErasureMatcher matcher,
    IDataProtectionProvider protection,
    AuditLog audit,
    TimeProvider time,
    ILogger<ErasureJob> logger)
{
    public const int Batch = 500;
    public const string CompletedAction = "privacy.erasure_completed";

    [JobDisplayName("Erasure {0}")]
    public async Task RunAsync(string erasureId, PerformContext? context, CancellationToken ct = default)
    {
        var erasure = await UpdateAsync(erasureId, e => e.Status = e.Status == ErasureStatus.Completed ? e.Status : ErasureStatus.Running, ct);
        if (erasure?.CriterionProtected is null) return; // finished before, or unknown
        var criterion = new ErasureCriterion(erasure.Kind, ErasureService.Protector(protection).Unprotect(erasure.CriterionProtected));
        var scope = await matcher.MatchAsync(criterion, ct);

        var deliveries = await DeliveriesOfAsync(scope, ct);
        foreach (var chunk in deliveries.Chunk(Batch))
        {
            var ids = chunk.Select(d => d.Id).ToArray();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var attempts = await db.Attempts.Where(a => ids.Contains(a.DeliveryId)).ExecuteDeleteAsync(ct);
            var removed = await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(ct);
            await UpdateAsync(erasureId, e => { e.AttemptsRemoved += attempts; e.DeliveriesRemoved += removed; }, ct);
            context?.SetJobParameter("progress", new { deliveries = removed, total = deliveries.Count });
        }
        foreach (var chunk in scope.EventIds.Chunk(Batch))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var removed = await db.Events.Where(e => chunk.Contains(e.Id)).ExecuteDeleteAsync(ct);
            await UpdateAsync(erasureId, e => e.EventsRemoved += removed, ct);
        }
        // Captures carry the webhook-ids of the deliveries they received.
        scope.Identifiers.UnionWith(deliveries.Select(d => d.MessageId));
        await EraseCapturesAsync(erasureId, scope, ct);

        var done = await UpdateAsync(erasureId, e =>
        {
            e.Status = ErasureStatus.Completed;
            e.CriterionProtected = null;
            e.FinishedAt = time.GetUtcNow();
        }, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            audit.Add(db, erasure.RequestedBy, CompletedAction, ErasureService.EntityType, erasureId, null, done is null ? null : ErasureService.Counts(done));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        await ReclaimAsync();
        logger.LogInformation("Erasure {ErasureId} completed: {Events} events, {Deliveries} deliveries, {Attempts} attempts, {Captures} captures removed",
            erasureId, done?.EventsRemoved, done?.DeliveriesRemoved, done?.AttemptsRemoved, done?.InspectorRequestsRemoved);
    }

    private async Task<List<(string Id, string MessageId)>> DeliveriesOfAsync(ErasureScope scope, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var chunk in scope.EventIds.Chunk(Batch))
            foreach (var d in await db.Deliveries.AsNoTracking().Where(d => chunk.Contains(d.EventId)).Select(d => new { d.Id, d.MessageId }).ToListAsync(ct))
                found[d.Id] = d.MessageId;
        foreach (var (prefix, subjectId) in scope.Subjects)
            foreach (var d in await db.Deliveries.AsNoTracking().Where(d => d.SubjectId == subjectId && d.EventType.StartsWith(prefix))
                         .Select(d => new { d.Id, d.MessageId }).ToListAsync(ct))
                found[d.Id] = d.MessageId;
        return found.Select(p => (p.Key, p.Value)).ToList();
    }

    private async Task EraseCapturesAsync(string erasureId, ErasureScope scope, CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await db.InspectedRequests.AsNoTracking().Where(r => r.Id > after).OrderBy(r => r.Id).Take(Batch)
                .Select(r => new { r.Id, r.Headers, r.Body }).ToListAsync(ct);
            var matched = rows
                .Where(r => JsonValues.BodyContains(r.Body, scope.Identifiers) || JsonValues.Contains(r.Headers, scope.Identifiers.Contains))
                .Select(r => r.Id).ToArray();
            if (matched.Length > 0)
            {
                var removed = await db.InspectedRequests.Where(r => matched.Contains(r.Id)).ExecuteDeleteAsync(ct);
                await UpdateAsync(erasureId, e => e.InspectorRequestsRemoved += removed, ct);
            }
            if (rows.Count < Batch) return;
            after = rows[^1].Id;
        }
    }

    /// <summary>
    /// SQLite zeroes freed pages (secure_delete) but the write-ahead log still holds the old pages until a checkpoint; on
    /// PostgreSQL a vacuum makes the dead rows' space reusable. Best effort: a busy database is checkpointed later anyway.
    /// </summary>
    private async Task ReclaimAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            else await db.Database.ExecuteSqlRawAsync("""VACUUM "Events", "Deliveries", "Attempts", "InspectedRequests";""");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogWarning("Space of an erasure not reclaimed yet: {Reason}", e.GetType().Name);
        }
    }

    private async Task<Erasure?> UpdateAsync(string id, Action<Erasure> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var erasure = await db.Erasures.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (erasure is null) return null;
        change(erasure);
        await db.SaveChangesAsync(CancellationToken.None);
        return erasure;
    }
}
