using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Audit;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;

namespace WebhookConsole.Backfill;

/// <summary>
/// Backfills a new integration: checks the request, counts what it would send and, unless it is a dry run, leaves the
/// sending to a Hangfire job (<see cref="BackfillJob"/>), durable and visible in /hangfire. Requests are audited.
/// </summary>
public sealed class BackfillService(
    IDbContextFactory<AppDbContext> dbFactory,
    BackfillSelector selector,
    IBackgroundJobClient jobs,
    JobStorage jobStorage,
    AuditLog audit,
    TimeProvider time,
    IOptions<BackfillOptions> options,
    IOptions<ReplayOptions> replayOptions)
{
    public const string RequestedAction = "integration.backfill_requested";
    public const string FinishedAction = "integration.backfill_finished";

    /// <summary>The most events one backfill sends (<see cref="BackfillOptions.MaxEvents"/>).</summary>
    public int MaxEvents => options.Value.MaxEvents;

    /// <summary>Backfilled deliveries start at most this many per second (the bulk-replay rate).</summary>
    public int RatePerSecond => Math.Max(1, replayOptions.Value.MaxPerSecondPerIntegration);

    /// <summary>
    /// Checking that no backfill runs and queueing one is a single step: two requests at once would both see none running.
    /// Backfills are rare, so one gate for all integrations costs nothing. This gate holds within one process; on
    /// PostgreSQL, where several nodes share the database, <see cref="AcceptLockSql"/> holds across them.
    /// </summary>
    private readonly SemaphoreSlim accepting = new(1, 1);

    /// <summary>
    /// Taken in the transaction that records the request, so it is released when that commits: a request on another node
    /// waits for it, then sees the backfill recorded and its job queued.
    /// </summary>
    public const string AcceptLockSql = "SELECT pg_advisory_xact_lock(hashtext('webhookconsole.backfill.accept'))";

    public async Task<BackfillResult> RequestAsync(string integrationId, BackfillRequest request, string actor, CancellationToken ct = default)
    {
        if (request.DryRun == true) return await AcceptAsync(integrationId, request, actor, ct);
        await accepting.WaitAsync(ct);
        try
        {
            return await AcceptAsync(integrationId, request, actor, ct);
        }
        finally
        {
            accepting.Release();
        }
    }

    private async Task<BackfillResult> AcceptAsync(string integrationId, BackfillRequest request, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var acrossNodes = request.DryRun != true && db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(ct) : null;
        if (acrossNodes is not null) await db.Database.ExecuteSqlRawAsync(AcceptLockSql, ct);
        var integration = await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == integrationId, ct)
            ?? throw new KeyNotFoundException($"Integration '{integrationId}' does not exist.");
        var window = Validate(integration, request);
        if (!integration.Active)
            throw new ConflictException($"Integration '{integration.Name}' is inactive: activate it before backfilling, or its events would only be recorded as skipped.");
        // One at a time per integration: two would double the rate, and the second would count what the first is sending.
        if (request.DryRun != true && await LatestAsync(db, integrationId, ct) is { } latest && JobRunning(latest.JobId))
            throw new ConflictException($"A backfill of '{integration.Name}' is still running (job {latest.JobId}); wait for it to finish, then backfill again.");

        var selected = await selector.SelectAsync(window, ct);
        var spread = Spread(selected.Count);
        if (request.DryRun == true || selected.Count == 0)
            return new BackfillResult(selected.Count, request.DryRun == true, window.From, window.To, null) { SpreadOver = spread };

        // Pinned to what was counted: a rerun of the job sends at most these events.
        window = window with { OldestEventId = selected[0], Limit = selected.Count };
        var requestedAt = time.GetUtcNow();
        var jobId = jobs.Enqueue<BackfillJob>(j => j.RunAsync(window, actor, null, CancellationToken.None));
        audit.Add(db, actor, RequestedAction, IntegrationService.EntityType, integration.Id, null, new
        {
            requestedAt,
            window.From,
            window.To,
            window.EventTypes,
            limit = request.Limit,
            count = selected.Count,
            jobId,
        });
        // The job is queued: its request is recorded whatever the caller does now.
        await db.SaveChangesAsync(CancellationToken.None);
        if (acrossNodes is not null) await acrossNodes.CommitAsync(CancellationToken.None);
        return new BackfillResult(selected.Count, false, window.From, window.To, jobId) { SpreadOver = spread };
    }

    /// <summary>The latest backfill of the integration and its progress; null when it never had one.</summary>
    public async Task<BackfillStatus?> StatusAsync(string integrationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await LatestAsync(db, integrationId, ct) is not { } latest) return null;
        var counts = await DeliveriesSince(db, integrationId, latest.RequestedAt)
            .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        int Of(params DeliveryStatus[] statuses) => counts.Where(c => statuses.Contains(c.Status)).Sum(c => c.Count);
        return latest with
        {
            Created = counts.Sum(c => c.Count),
            Delivered = Of(DeliveryStatus.Succeeded),
            Failing = Of(DeliveryStatus.Retrying, DeliveryStatus.Failed),
            Waiting = Of(DeliveryStatus.Scheduled, DeliveryStatus.Pending, DeliveryStatus.Sending),
            JobDone = !JobRunning(latest.JobId),
        };
    }

    /// <summary>
    /// The integration's backfilled deliveries created since <paramref name="requestedAt"/>. Also as an id range (ids embed
    /// their creation time), so it reads the (IntegrationId, Id) index from there on.
    /// </summary>
    internal static IQueryable<Delivery> DeliveriesSince(AppDbContext db, string integrationId, DateTimeOffset requestedAt)
    {
        var minId = Ids.MinAt(DeliveryQueries.DeliveryIdPrefix, requestedAt - DeliveryQueries.IdClockSlack);
        return db.Deliveries.AsNoTracking()
            .Where(d => d.IntegrationId == integrationId && string.Compare(d.Id, minId) >= 0 && d.Backfill && d.CreatedAt >= requestedAt);
    }

    private static async Task<BackfillStatus?> LatestAsync(AppDbContext db, string integrationId, CancellationToken ct)
    {
        var entry = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == IntegrationService.EntityType && a.EntityId == integrationId && a.Action == RequestedAction)
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        if (entry?.After is null) return null;
        using var after = JsonDocument.Parse(entry.After);
        var root = after.RootElement;
        var requestedAt = root.TryGetProperty("requestedAt", out var at) ? at.GetDateTimeOffset() : entry.At;
        return new BackfillStatus(requestedAt, entry.Actor, root.GetProperty("from").GetDateTimeOffset(), root.GetProperty("to").GetDateTimeOffset(),
            root.GetProperty("count").GetInt32(), root.TryGetProperty("jobId", out var job) ? job.GetString() : null, 0, 0, 0, 0);
    }

    private static readonly string[] Unfinished = [EnqueuedState.StateName, ScheduledState.StateName, ProcessingState.StateName, AwaitingState.StateName];

    /// <summary>Queued, scheduled or processing in the (shared) job store; a job the store no longer knows has ended.</summary>
    private bool JobRunning(string? jobId)
    {
        if (jobId is null) return false;
        using var connection = jobStorage.GetConnection();
        return connection.GetStateData(jobId)?.Name is { } state && Unfinished.Contains(state);
    }

    private BackfillWindow Validate(Integration integration, BackfillRequest request)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var max = options.Value.MaxEvents;
        if (request.From is null) errors["from"] = ["'from' is required: the start of the window of events to send (ISO 8601)."];
        else if (request.From < now - options.Value.MaxAge)
            errors["from"] = [$"'from' reaches back at most {options.Value.MaxAge.TotalDays:0} days."];
        else if (request.From >= now) errors["from"] = ["'from' must lie in the past."];
        var to = request.To ?? now;
        if (request.To is not null && request.From is not null && request.To <= request.From) errors["to"] = ["'to' must be later than 'from'."];
        if (to > now) to = now;
        if (request.Limit is { } limit && (limit < 1 || limit > max)) errors["limit"] = [$"'limit' must be between 1 and {max}."];

        var ofKind = integration.Kind == IntegrationKind.Loyalty ? EventTypes.Loyalty : EventTypes.Participation;
        var types = request.EventTypes is null || request.EventTypes.Count == 0 ? ofKind : request.EventTypes.Distinct().ToArray();
        var wrong = types.Where(t => !ofKind.Contains(t, StringComparer.Ordinal)).ToList();
        if (wrong.Count > 0)
            errors["eventTypes"] = [$"{string.Join(", ", wrong.Select(t => $"'{t}'"))}: a {integration.Kind} integration receives only {string.Join(", ", ofKind)}."];
        if (errors.Count > 0) throw new ValidationException(errors);
        return new BackfillWindow(integration.Id, request.From!.Value, to, types, request.Limit ?? max);
    }

    private TimeSpan? Spread(int count)
    {
        var rate = RatePerSecond;
        return count <= rate ? null : TimeSpan.FromSeconds(Math.Ceiling((double)count / rate));
    }
}
