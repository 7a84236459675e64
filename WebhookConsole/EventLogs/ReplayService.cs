using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;

namespace WebhookConsole.EventLogs;

public sealed class ReplayOptions
{
    public const string Section = "Replay";

    /// <summary>Bulk replays start at most this many deliveries per second per integration, so a large replay cannot flood an endpoint.</summary>
    public int MaxPerSecondPerIntegration { get; set; } = 10;

    /// <summary>Replays created per transaction during a bulk replay.</summary>
    public int ChunkSize { get; set; } = 200;
}

/// <summary>`POST /api/v1/deliveries/replay`; the filter has the same fields as the list, `status` is required.</summary>
/// <param name="StartAt">Run the replay then instead of now: a Hangfire scheduled job, kept across restarts.</param>
public sealed record BulkReplayRequest(string? Status, string? IntegrationId, string? EventType, DateTimeOffset? From, DateTimeOffset? To, bool? DryRun,
    DateTimeOffset? StartAt = null)
{
    /// <summary>The filter it names; throws <see cref="ValidationException"/> naming the field when it is not valid.</summary>
    public DeliveryFilter ToFilter()
    {
        var errors = DeliveryFilterRules.TryParse(new DeliveryQuery(Status, IntegrationId, EventType, null, null, null, null), out var filter);
        if (string.IsNullOrWhiteSpace(Status) && !errors.ContainsKey("status"))
            errors["status"] = ["'status' is required: the status of the deliveries to replay, e.g. failed."];
        if (From is not null && To is not null && To <= From) errors["to"] = ["'to' must be later than 'from'."];
        if (errors.Count > 0) throw new ValidationException(errors);
        return filter with { From = From, To = To };
    }
}

/// <summary>
/// What a bulk replay of a filter does: of <see cref="Matched"/> deliveries, <see cref="Count"/> are replayed; the others are
/// skipped because they were already replayed (their latest replay is replayed instead when it matches), their integration
/// is inactive or deleted, or retention removed their payload.
/// </summary>
public sealed record BulkReplayResult(int Count, bool DryRun, int Matched, int AlreadyReplayed, int InactiveIntegration, int PayloadRemoved)
{
    public int Skipped => Matched - Count;

    /// <summary>Roughly how long the replays take to start, at the per-integration rate.</summary>
    public TimeSpan? SpreadOver { get; init; }

    /// <summary>Of <see cref="Count"/>, deliveries still waiting to retry: each is superseded by its replay (its retries cancelled).</summary>
    public int Superseding { get; init; }

    /// <summary>Matching deliveries left out because an attempt is under way right now.</summary>
    public int InFlight { get; init; }

    /// <summary>A scheduled replay: its Hangfire job and when it runs (<see cref="Count"/> is what it would replay now).</summary>
    public string? JobId { get; init; }
    public DateTimeOffset? StartAt { get; init; }
}

public sealed record BulkReplayProgress(int Done, int Total);

/// <summary>
/// Replays deliveries: a new delivery with the same payload bytes and the same webhook-id (<see cref="Delivery.MessageId"/>),
/// linked to the one replayed by <see cref="Delivery.ReplayOf"/>, and handed to the dispatcher, which signs it with the
/// integration's current secret. Every replay is audited in the transaction that creates it.
/// </summary>
public sealed class ReplayService(
    IDbContextFactory<AppDbContext> dbFactory,
    AuditLog audit,
    IDeliveryQueue queue,
    TimeProvider time,
    IOptions<ReplayOptions> options,
    IOptions<RetentionOptions> retention,
    ILogger<ReplayService> logger)
{
    private readonly SemaphoreSlim bulkGate = new(1, 1);

    /// <summary>The newest replay of the delivery; null when it was never replayed (the pages say so before replaying again).</summary>
    public async Task<string?> LatestReplayAsync(string deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LatestReplayAsync(db, deliveryId, ct);
    }

    private static Task<string?> LatestReplayAsync(AppDbContext db, string deliveryId, CancellationToken ct) =>
        db.Deliveries.Where(d => d.ReplayOf == deliveryId).OrderByDescending(d => d.Id).Select(d => (string?)d.Id).FirstOrDefaultAsync(ct);

    /// <param name="deliveryId">The delivery to send again.</param>
    /// <param name="actor">Who asked, for the audit log.</param>
    /// <param name="ct">Cancels the replay before it is stored.</param>
    /// <param name="force">Replay even when the delivery was replayed before (the pages ask first; the API says 409 without it).</param>
    public async Task<string> ReplayAsync(string deliveryId, string actor, CancellationToken ct = default, bool force = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var original = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, ct)
            ?? throw new KeyNotFoundException($"Delivery '{deliveryId}' does not exist.");
        if (original.Payload.Length == 0)
            throw new ConflictException($"Delivery '{deliveryId}' cannot be replayed: its payload was removed by retention (kept {retention.Value.Days} days).");
        var integration = await db.Integrations.AsNoTracking().Where(i => i.Id == original.IntegrationId).Select(i => new { i.Name, i.Active }).FirstOrDefaultAsync(ct)
            ?? throw new ConflictException($"Delivery '{deliveryId}' cannot be replayed: its integration '{original.IntegrationId}' no longer exists.");
        if (!integration.Active)
            throw new ConflictException($"Delivery '{deliveryId}' cannot be replayed: integration '{integration.Name}' is inactive. An admin must activate it first.");
        if (original.Status == DeliveryStatus.Sending)
            throw new ConflictException(SendingNow(deliveryId));
        if (!force && await LatestReplayAsync(db, deliveryId, ct) is { } earlier)
            throw new ConflictException($"Delivery '{deliveryId}' was already replayed as '{earlier}'. Replay that one, or add ?force=true to send this one once more.");

        var now = time.GetUtcNow();
        var replay = NewReplay(original.Id, original.EventId, original.EventType, original.IntegrationId, original.SubjectId, original.MessageId, original.Payload, now, null);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A delivery still waiting to retry is taken over by its replay, so the receiver gets the event once more, not twice.
        var superseded = DeliveryOutbox.CanBeSuperseded(original.Status) && await DeliveryOutbox.SupersedeAsync(db, original.Id, now, ct);
        if (DeliveryOutbox.CanBeSuperseded(original.Status) && !superseded)
            throw new ConflictException(SendingNow(deliveryId)); // claimed for an attempt between our read and our update
        DeliveryOutbox.Add(db, replay, now, claimNow: queue);
        audit.Add(db, actor, "delivery.replayed", "Delivery", original.Id, null, new
        {
            id = replay.Id,
            replayOf = original.Id,
            original.EventId,
            original.EventType,
            original.IntegrationId,
            original.MessageId,
            superseded,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        queue.Enqueue(replay);
        logger.LogInformation("{Actor} replayed delivery {DeliveryId} as {ReplayId}", actor, original.Id, replay.Id);
        return replay.Id;
    }

    /// <summary>What <see cref="ReplayManyAsync"/> would do now, without changing anything.</summary>
    public async Task<BulkReplayResult> PreviewAsync(DeliveryFilter filter, CancellationToken ct = default)
    {
        Validate(filter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await ActiveIntegrationIdsAsync(db, ct);
        var matching = DeliveryQueries.Apply(db, filter);
        var matched = await matching.CountAsync(ct);
        if (matched == 0) return new BulkReplayResult(0, true, 0, 0, 0, 0);
        var payloadRemoved = await matching.CountAsync(d => d.Payload.Length == 0, ct);
        var inactive = await matching.CountAsync(d => d.Payload.Length >= 1 && !active.Contains(d.IntegrationId), ct);
        var count = await Candidates(db, filter, active).CountAsync(ct);
        var inFlight = await matching.CountAsync(d => d.Payload.Length >= 1 && active.Contains(d.IntegrationId) && d.Status == DeliveryStatus.Sending, ct);
        var superseding = await Candidates(db, filter, active)
            .CountAsync(d => DeliveryStatuses.Waiting.Contains(d.Status), ct);
        var alreadyReplayed = matched - payloadRemoved - inactive - inFlight - count;
        var busiest = count == 0 ? 0 : await Candidates(db, filter, active)
            .GroupBy(d => d.IntegrationId).Select(g => g.Count()).MaxAsync(ct);
        return new BulkReplayResult(count, true, matched, alreadyReplayed, inactive, payloadRemoved)
        {
            SpreadOver = Spread(busiest),
            Superseding = superseding,
            InFlight = inFlight,
        };
    }

    /// <summary>
    /// Replays every delivery the filter matches now (oldest first, in chunks, each chunk one transaction with its audit
    /// entry), at most <see cref="ReplayOptions.MaxPerSecondPerIntegration"/> per second per integration. Deliveries created
    /// while it runs are not included. Cancelling stops after the current chunk; what was created stays.
    /// </summary>
    public async Task<BulkReplayResult> ReplayManyAsync(DeliveryFilter filter, string actor, IProgress<BulkReplayProgress>? progress = null, CancellationToken ct = default)
    {
        var preview = await PreviewAsync(filter, ct);
        if (preview.Count == 0) return preview with { DryRun = false };

        await bulkGate.WaitAsync(ct);
        try
        {
            string[] active;
            string? snapshotMax;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                active = await ActiveIntegrationIdsAsync(db, ct);
                snapshotMax = await Candidates(db, filter, active).MaxAsync(d => (string?)d.Id, ct);
            }
            if (snapshotMax is null) return preview with { Count = 0, DryRun = false };

            var rate = Math.Max(1, options.Value.MaxPerSecondPerIntegration);
            var chunkSize = Math.Clamp(options.Value.ChunkSize, 1, 1000);
            var started = time.GetUtcNow();
            var perIntegration = new Dictionary<string, int>(StringComparer.Ordinal);
            var done = 0;
            string? lastId = null;
            progress?.Report(new BulkReplayProgress(0, preview.Count));
            while (!ct.IsCancellationRequested)
            {
                await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
                var q = Candidates(db, filter, active).Where(d => string.Compare(d.Id, snapshotMax) <= 0);
                if (lastId is not null) q = q.Where(d => string.Compare(d.Id, lastId) > 0);
                var chunk = await q.OrderBy(d => d.Id).Take(chunkSize)
                    .Select(d => new { d.Id, d.Status, d.EventId, d.EventType, d.IntegrationId, d.SubjectId, d.MessageId, d.Payload })
                    .ToListAsync(CancellationToken.None);
                if (chunk.Count == 0) break;

                var now = time.GetUtcNow();
                var created = new List<(Delivery Replay, DateTimeOffset NotBefore)>(chunk.Count);
                await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
                foreach (var o in chunk)
                {
                    // Still waiting to retry: superseded by its replay; claimed for an attempt meanwhile: left to that attempt.
                    if (DeliveryOutbox.CanBeSuperseded(o.Status) && !await DeliveryOutbox.SupersedeAsync(db, o.Id, now, CancellationToken.None)) continue;
                    var n = perIntegration.GetValueOrDefault(o.IntegrationId);
                    perIntegration[o.IntegrationId] = n + 1;
                    var notBefore = started + TimeSpan.FromSeconds((double)n / rate);
                    var replay = NewReplay(o.Id, o.EventId, o.EventType, o.IntegrationId, o.SubjectId, o.MessageId, o.Payload, now, notBefore);
                    DeliveryOutbox.Add(db, replay, now);
                    created.Add((replay, notBefore));
                }
                audit.Add(db, actor, "delivery.bulk_replayed", "Delivery", null, null, new
                {
                    filter = Describe(filter),
                    count = created.Count,
                    replays = created.Select(c => new { id = c.Replay.Id, replayOf = c.Replay.ReplayOf }),
                });
                // Not cancellable: a chunk is created together with its audit entry and the supersessions, or not at all.
                await db.SaveChangesAsync(CancellationToken.None);
                await tx.CommitAsync(CancellationToken.None);
                foreach (var (replay, notBefore) in created) queue.Enqueue(replay.Id, notBefore > now ? notBefore : null);

                done += chunk.Count;
                lastId = chunk[^1].Id;
                progress?.Report(new BulkReplayProgress(done, Math.Max(done, preview.Count)));
            }
            logger.LogInformation("{Actor} bulk-replayed {Count} deliveries ({Filter})", actor, done, Describe(filter));
            return preview with { Count = done, DryRun = false, SpreadOver = Spread(perIntegration.Values.DefaultIfEmpty(0).Max()) };
        }
        finally
        {
            bulkGate.Release();
        }
    }

    private static void Validate(DeliveryFilter filter)
    {
        var errors = DeliveryFilterRules.Validate(filter);
        if (filter.Statuses.Count == 0 && !errors.ContainsKey("status"))
            errors["status"] = [$"Choose the status to replay: one of {string.Join(", ", DeliveryStatuses.AllNames)}."];
        if (errors.Count > 0) throw new ValidationException(errors);
    }

    private TimeSpan? Spread(int busiestIntegrationCount)
    {
        var rate = Math.Max(1, options.Value.MaxPerSecondPerIntegration);
        return busiestIntegrationCount <= rate ? null : TimeSpan.FromSeconds(Math.Ceiling((double)busiestIntegrationCount / rate));
    }

    private static string SendingNow(string deliveryId) =>
        $"Delivery '{deliveryId}' is being sent right now; replay it once this attempt is recorded (a few seconds at most).";

    /// <summary>Matching deliveries that can be replayed: payload kept, integration active, not replayed before, not mid-attempt.</summary>
    private static IQueryable<Delivery> Candidates(AppDbContext db, DeliveryFilter filter, string[] activeIntegrationIds) =>
        DeliveryQueries.Apply(db, filter)
            .Where(d => d.Payload.Length >= 1 && d.Status != DeliveryStatus.Sending
                        && activeIntegrationIds.Contains(d.IntegrationId)
                        && !db.Deliveries.Any(r => r.ReplayOf == d.Id));

    private static Task<string[]> ActiveIntegrationIdsAsync(AppDbContext db, CancellationToken ct) =>
        db.Integrations.AsNoTracking().Where(i => i.Active).Select(i => i.Id).ToArrayAsync(ct);

    private Delivery NewReplay(string originalId, string eventId, string eventType, string integrationId, string? subjectId,
        string messageId, byte[] payload, DateTimeOffset now, DateTimeOffset? notBefore) =>
        Delivery.NewReplay(originalId, new DeliveryKey(Ids.New(DeliveryQueries.DeliveryIdPrefix, time), messageId, eventId, eventType, integrationId, subjectId),
            payload, now, notBefore);

    internal static object Describe(DeliveryFilter f) => new
    {
        status = f.Statuses.Count == 0 ? null : string.Join(",", f.Statuses.Select(s => s.Name())),
        f.IntegrationId,
        f.EventType,
        f.EventId,
        f.From,
        f.To,
        f.Search,
    };
}
