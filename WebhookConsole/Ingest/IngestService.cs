using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;
using WebhookConsole.MappingVariables;
using WebhookConsole.PushRules;
using WebhookConsole.Routing;
using WebhookConsole.Routing.Payloads;
using WebhookConsole.Sources;

namespace WebhookConsole.Ingest;

/// <summary>One accepted event: its id, whether it was accepted earlier under the same idempotency key, and the deliveries created now.</summary>
public sealed record AcceptResult(string Id, bool Replayed, IReadOnlyList<Delivery> Deliveries);

/// <summary>
/// Accepts events: checks them, stores each event with all its deliveries in one transaction, and only then hands the
/// deliveries to the dispatcher. A batch is one transaction: all events are stored, or none.
/// </summary>
public sealed class IngestService(
    IDbContextFactory<AppDbContext> dbFactory,
    IDeliveryQueue queue,
    GroupCommitWriter writer,
    ReferenceDataCache referenceData,
    TimeProvider time,
    AtRestCipher cipher,
    ILogger<IngestService> logger)
{
    private const int MaxCommitAttempts = 3;

    /// <summary>Parses, checks and accepts the events of a request. Throws <see cref="ValidationException"/> (nothing written) on bad input.</summary>
    public async Task<IReadOnlyList<AcceptResult>> AcceptAsync(IReadOnlyList<JsonElement> events, IReadOnlyList<string> prefixes, CancellationToken ct = default)
    {
        var now = Now();
        var errors = new FieldErrors();
        var incoming = new List<IncomingEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
            if (EventParser.Parse(events[i], prefixes[i], now, errors) is { } parsed) incoming.Add(parsed);
        errors.ThrowIfAny();
        return await AcceptParsedAsync(incoming, now, ct);
    }

    public async Task<IReadOnlyList<AcceptResult>> AcceptParsedAsync(IReadOnlyList<IncomingEvent> incoming, DateTimeOffset now, CancellationToken ct = default)
    {
        // Sources, rules and integrations come from memory (invalidated on every change), not from queries per event;
        // every event is routed and its payloads rendered here, before the writer's transaction.
        using var ingest = Observability.ConsoleTracing.Start("ingest");
        ingest?.SetTag("webhookconsole.events", incoming.Count);
        List<RoutedEvent> routed;
        using (Observability.ConsoleTracing.Start("route"))
        {
            var reference = await referenceData.GetAsync(ct);
            var errors = new FieldErrors();
            var router = EventRouter.For(reference, incoming, errors);
            errors.ThrowIfAny();
            routed = incoming.Select(item => router.Route(item, Ids.New("evt", time), now)).ToList();
            foreach (var r in routed) r.Event.EmailHash = Privacy.EmailIndex.OfData(cipher, r.Event.Data, r.Planned.ParsedData);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                List<AcceptResult> results;
                List<Delivery> added;
                using (Observability.ConsoleTracing.Start("store")) (results, added) = await StoreAsync(routed, now, ct);
                Enqueue(added);
                for (var i = 0; i < results.Count; i++)
                    if (!results[i].Replayed) Observability.ConsoleMetrics.EventIngested(routed[i].Event.Type);
                return results;
            }
            catch (Exception e) when (IsUniqueViolation(e) && attempt < MaxCommitAttempts)
            {
                // Another request stored an event with one of our idempotency keys between our check and our commit:
                // nothing of ours was written; run again and answer with its id.
                logger.LogDebug("Idempotency key race, attempt {Attempt}; retrying", attempt);
            }
        }
    }

    /// <summary>The time of receipt, to the millisecond the database keeps, so answers match what is stored.</summary>
    public DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>The deliveries of an event, for answering a repeated idempotency key.</summary>
    public async Task<List<Delivery>> DeliveriesOfAsync(string eventId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Deliveries.AsNoTracking().Where(d => d.EventId == eventId).OrderBy(d => d.Id).ToListAsync(ct);
    }

    public async Task<WebhookEvent?> FindAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
    }

    /// <summary>The newest events, for pickers (the push-rule preview).</summary>
    public async Task<List<WebhookEvent>> RecentAsync(int limit, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Events.AsNoTracking().OrderByDescending(e => e.Id).Take(limit).ToListAsync(ct);
    }

    private async Task<(List<AcceptResult>, List<Delivery>)> StoreAsync(IReadOnlyList<RoutedEvent> routed, DateTimeOffset now, CancellationToken ct)
    {
        List<AcceptResult> results = [];
        List<Delivery> add = [];
        // The single writer runs this inside its group transaction: the idempotency and participation checks
        // below see every event committed or flushed before, and no one writes between them and our insert.
        // Concurrent requests share the commit.
        await writer.WriteAsync(async (db, sql) =>
        {
            var keys = KeysOf(routed);
            var known = keys.Count == 0
                ? new Dictionary<string, (string Id, string Type)>()
                : await db.Events.AsNoTracking().Where(e => e.IdempotencyKey != null && keys.Contains(e.IdempotencyKey))
                    .Select(e => new { e.IdempotencyKey, e.Id, e.Type })
                    .ToDictionaryAsync(e => e.IdempotencyKey!, e => (e.Id, e.Type), ct);

            var ledger = await LoadLedgerAsync(db, routed, ct);
            results = new List<AcceptResult>(routed.Count);
            var plan = new DeliveryPlan();
            add = plan.Add;
            var events = new List<WebhookEvent>();
            foreach (var item in routed)
            {
                var e = item.Event;
                if (e.IdempotencyKey is { } key && known.TryGetValue(key, out var first))
                {
                    if (first.Type != e.Type)
                        throw new ConflictException(
                            $"Idempotency key '{key}' was already used for a {first.Type} event ({first.Id}); this {e.Type} event needs a key of its own. Nothing was stored.");
                    results.Add(new AcceptResult(first.Id, Replayed: true, []));
                    continue;
                }
                events.Add(e);
                if (e.IdempotencyKey is not null) known[e.IdempotencyKey] = (e.Id, e.Type);
                var before = add.Count;
                DeliveryPlanner.Plan(item, ledger, now, time, plan);
                results.Add(new AcceptResult(e.Id, Replayed: false, add.Skip(before).ToList()));
            }

            // Plain inserts: change tracking thousands of new rows per second was a large share of ingest's CPU.
            IngestSql.InsertEvents(sql, events);
            // Rows due now are claimed by this node in the insert itself: no second write before the first attempt.
            DeliveryOutbox.InsertMany(sql, add, queue, now);
            foreach (var d in plan.Supersede) DeliveryOutbox.Supersede(sql, d.Id, now);
            foreach (var (id, payload) in plan.Refresh) IngestSql.Refresh(sql, id, payload, now);
            db.Deliveries.RemoveRange(plan.Remove);
        });

        // Planned INCOMPLETE deliveries withdrawn later in the same request were taken out of `add`; report only what is stored.
        // Nothing was withdrawn when the results name as many deliveries as are stored (the usual case): no copy then.
        var reported = 0;
        foreach (var r in results) reported += r.Deliveries.Count;
        if (reported == add.Count) return (results, add);
        var stored = add.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        return (results.Select(r => r with { Deliveries = r.Deliveries.Where(d => stored.Contains(d.Id)).ToList() }).ToList(), add);
    }

    /// <summary>The distinct idempotency keys of the events; an empty list without allocating one when none has a key.</summary>
    private static List<string> KeysOf(IReadOnlyList<RoutedEvent> routed)
    {
        List<string>? keys = null;
        HashSet<string>? seen = null;
        for (var i = 0; i < routed.Count; i++)
            if (routed[i].Event.IdempotencyKey is { } key && (seen ??= new(StringComparer.Ordinal)).Add(key)) (keys ??= []).Add(key);
        return keys ?? NoKeys;
    }

    private static readonly List<string> NoKeys = [];

    private void Enqueue(IEnumerable<Delivery> deliveries)
    {
        foreach (var d in deliveries)
        {
            try
            {
                queue.Enqueue(d);
            }
            catch (Exception e)
            {
                // The delivery is committed; the reconciler finds it. The event stays accepted.
                logger.LogWarning(e, "Could not hand delivery {DeliveryId} to the dispatcher; the reconciler will", d.Id);
            }
        }
    }

    /// <summary>What is stored about the participations of these events: which completed, and their INCOMPLETE deliveries.</summary>
    private static async Task<ParticipationLedger> LoadLedgerAsync(AppDbContext db, IReadOnlyList<RoutedEvent> routed, CancellationToken ct)
    {
        var ledger = new ParticipationLedger();
        var any = false;
        for (var i = 0; i < routed.Count && !any; i++) any = routed[i].Planned.Participation is not null;
        if (!any) return ledger;
        var ids = routed.Where(r => r.Planned.Participation is not null).Select(r => r.Event.SubjectId).Distinct().ToList();
        var completed = await db.Events.AsNoTracking()
            .Where(e => e.Type == EventTypes.ParticipationCompleted && ids.Contains(e.SubjectId!))
            .Select(e => e.SubjectId!).Distinct().ToListAsync(ct);
        ledger.Completed.UnionWith(completed);
        // Tracked: a completion may withdraw them.
        var incomplete = await db.Deliveries
            .Where(d => d.EventType == EventTypes.ParticipationStarted && ids.Contains(d.SubjectId!) && d.ReplayOf == null)
            .ToListAsync(ct);
        foreach (var d in incomplete) ledger.IncompleteOf(d.SubjectId!).Add(d);
        return ledger;
    }

    private static bool IsUniqueViolation(Exception e) => DbErrors.IsUniqueViolation(e);
}
