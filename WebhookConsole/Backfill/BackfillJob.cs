using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Audit;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Notifications;
using WebhookConsole.Routing;
using WebhookConsole.Routing.Participations;

namespace WebhookConsole.Backfill;

/// <summary>
/// Sends a backfill: the selected events, oldest first, as new deliveries (new webhook-ids, flagged
/// <see cref="Delivery.Backfill"/>) rendered with the integration's current settings, due at the per-integration rate of
/// bulk replays. Each chunk re-checks, under a write lock, that the integration has no delivery of those events yet, so a
/// retried job or two backfills at once never send an event twice.
/// </summary>
[AutomaticRetry(Attempts = 3)]
public sealed class BackfillJob(
    IDbContextFactory<AppDbContext> dbFactory,
    BackfillSelector selector,
    ReferenceDataCache referenceData,
    IDeliveryQueue queue,
    AuditLog audit,
    TimeProvider time,
    IOptions<ReplayOptions> replayOptions,
    ILogger<BackfillJob> logger,
    OperationalNotifier? notifier = null)
{
    private const int ChunkSize = 200;
    private DateTimeOffset? origin;

    [JobDisplayName("Backfill of {0} requested by {1}")]
    public async Task<int> RunAsync(BackfillWindow window, string actor, PerformContext? context, CancellationToken ct = default)
    {
        var ids = await selector.SelectAsync(window, ct);
        var rate = Math.Max(1, replayOptions.Value.MaxPerSecondPerIntegration);
        var created = 0;
        foreach (var chunk in ids.Chunk(ChunkSize))
        {
            ct.ThrowIfCancellationRequested();
            var reference = await referenceData.GetAsync(ct);
            if (!reference.Integrations.TryGetValue(window.IntegrationId, out var integration) || !integration.Active)
            {
                logger.LogWarning("Backfill of {IntegrationId} stopped after {Created} deliveries: the integration was deactivated or deleted", window.IntegrationId, created);
                break;
            }
            created += await CreateChunkAsync(integration, reference, chunk, created, rate, ct);
            context?.SetJobParameter("progress", new { created, total = ids.Count });
        }

        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        audit.Add(db, actor, BackfillService.FinishedAction, IntegrationService.EntityType, window.IntegrationId, null, new { window.From, window.To, selected = ids.Count, created });
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("{Actor} backfilled {Created} events to integration {IntegrationId}", actor, created, window.IntegrationId);
        notifier?.BackfillFinished(window.IntegrationId, actor, ids.Count, created);
        return created;
    }

    private async Task<int> CreateChunkAsync(Integration integration, ReferenceData reference, string[] eventIds, int sentBefore, int rate, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id)).OrderBy(e => e.Id).ToListAsync(ct);
        var deliveries = new List<Delivery>(events.Count);
        foreach (var e in events)
            if (Render(e, integration, reference, time.GetUtcNow()) is { } delivery) deliveries.Add(delivery);
        // The rate counts from the first chunk ready to commit: rendering must not use up slots and let a burst through.
        var now = time.GetUtcNow();
        origin ??= await FirstFreeSlotAsync(db, integration.Id, now, rate);
        foreach (var (delivery, n) in deliveries.Select((d, i) => (d, sentBefore + i)))
        {
            // A completion still inside the integration's delay keeps its later due time.
            delivery.PaceAsBackfill(origin.Value + TimeSpan.FromSeconds((double)n / rate), now);
        }
        if (deliveries.Count == 0) return 0;

        // Not cancellable from here: the chunk is written whole or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        // One writer per integration at a time: SQLite's transactions take the write lock at BEGIN; PostgreSQL needs a lock.
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext({0}))", [integration.Id], CancellationToken.None);
        var routedIds = deliveries.Select(d => d.EventId).ToArray();
        var already = (await db.Deliveries.AsNoTracking()
            .Where(d => d.IntegrationId == integration.Id && routedIds.Contains(d.EventId))
            .Select(d => d.EventId).ToListAsync(CancellationToken.None)).ToHashSet(StringComparer.Ordinal);
        deliveries.RemoveAll(d => already.Contains(d.EventId));
        // A participation that completed, or got an INCOMPLETE, since the selection: no INCOMPLETE from here.
        var settled = await BackfillSelector.SettledParticipationsAsync(db, integration.Id, deliveries.Select(d => (d.EventType, d.SubjectId)), CancellationToken.None);
        deliveries.RemoveAll(d => d.EventType == EventTypes.ParticipationStarted && settled.Contains(d.SubjectId!));
        foreach (var d in deliveries) DeliveryOutbox.Add(db, d, now);
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        await SupersedeCompletedAsync(deliveries, now);
        foreach (var d in deliveries) queue.Enqueue(d.Id, d.NextAttemptAt > now ? d.NextAttemptAt : null);
        return deliveries.Count;
    }

    /// <summary>
    /// Where this run's pacing starts: now, or after the paced backfilled deliveries still waiting their turn (a Hangfire
    /// retry of a job that died mid-way), so the two runs together keep to the rate. Completions held by the integration's
    /// delay are `scheduled`, not paced, and do not count.
    /// </summary>
    private static async Task<DateTimeOffset> FirstFreeSlotAsync(AppDbContext db, string integrationId, DateTimeOffset now, int rate)
    {
        var last = await db.Deliveries.AsNoTracking()
            .Where(d => d.IntegrationId == integrationId && d.Backfill && d.Status == DeliveryStatus.Pending)
            .MaxAsync(d => d.NextAttemptAt, CancellationToken.None);
        var after = last + TimeSpan.FromSeconds(1.0 / rate);
        return after > now ? after.Value : now;
    }

    /// <summary>
    /// A completion ingested while the chunk was being written (PostgreSQL does not serialise the two) did not see its
    /// INCOMPLETE deliveries: they are superseded here, as ingest would have done, unless already on their way.
    /// </summary>
    private async Task SupersedeCompletedAsync(List<Delivery> created, DateTimeOffset now)
    {
        var starts = created.Where(d => d.EventType == EventTypes.ParticipationStarted).ToList();
        if (starts.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var subjects = starts.Select(d => d.SubjectId).Distinct().ToArray();
        var completed = await db.Events.AsNoTracking().Where(e => e.Type == EventTypes.ParticipationCompleted && subjects.Contains(e.SubjectId))
            .Select(e => e.SubjectId).ToListAsync(CancellationToken.None);
        var ids = starts.Where(d => completed.Contains(d.SubjectId)).Select(d => d.Id).ToArray();
        if (ids.Length == 0) return;
        await DeliveryOutbox.SupersedeAsync(db, ids, now, CancellationToken.None);
        created.RemoveAll(d => ids.Contains(d.Id));
    }

    /// <summary>The delivery ingest would have planned for this event and integration now, rendered with today's settings; null when it no longer routes there.</summary>
    private Delivery? Render(WebhookEvent stored, Integration integration, ReferenceData reference, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        // The router's input straight from the stored row: only a participation's data needs reading (it was checked when ingested).
        ParticipationData? participation = null;
        if (EventTypes.IsParticipation(stored.Type))
        {
            using var data = JsonDocument.Parse(stored.Data);
            participation = EventParser.ReadParticipationData(data.RootElement, errors);
            if (participation is null) return null;
        }
        var incoming = new IncomingEvent(stored.Type, stored.OccurredAt, stored.WebsiteId, stored.CampaignId, stored.ProgramId, stored.SubjectId!,
            stored.Data, IdempotencyKey: null, participation, FieldPrefix: "");
        var router = EventRouter.For(reference, [incoming], errors);
        if (errors.Any) return null; // its campaign, website or program was deleted since
        var routed = router.Route(incoming, stored.Id, now);
        if (!routed.Receivers.Any(r => r.Id == integration.Id)) return null;
        var plan = new DeliveryPlan();
        DeliveryPlanner.Plan(routed, new ParticipationLedger(), now, time, plan);
        return plan.Add.FirstOrDefault(d => d.IntegrationId == integration.Id);
    }
}
