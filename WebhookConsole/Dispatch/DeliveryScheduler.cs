using System.Threading.Channels;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Decides when deliveries are attempted and hands this node's claims to the workers. A delivery claimed in its own insert
/// (ingest, a replay) goes straight onto the in-memory ready queue with its row. Everything else waits in the database
/// and comes due there: the due sweep claims what is due (waiting rows, and claims whose lease lapsed) in one statement
/// per batch, every <see cref="DeliveryOptions.SweepInterval"/>, at the times this node knows something falls due (a retry
/// it just recorded, a scheduled insert) and at the next due time the sweep itself reads from the database (a retry another
/// node recorded, or one due beyond this node's wake-up horizon), so retries keep to their schedule without a job or a
/// timer per delivery.
/// Nothing here needs to survive a crash: the rows and their leases do.
/// </summary>
public sealed class DeliveryScheduler(DeliveryClaims claims, DeliveryOptions options, TimeProvider time, ILogger<DeliveryScheduler> logger)
    : BackgroundService, IDeliveryQueue
{
    /// <summary>
    /// Claims carry their row (payload included) only while the ready queue is shorter than this; behind a longer queue,
    /// say a flood of batches faster than the receivers, a claim is just ids and the worker reads the row when it gets there.
    /// </summary>
    public const int MaxReadyWithRows = 20_000;

    /// <summary>Rows claimed by one sweep statement.</summary>
    public const int SweepBatch = 1000;

    private readonly Channel<DeliveryClaim> ready = Channel.CreateUnbounded<DeliveryClaim>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly WakeupSchedule wakeups = new(time);
    private readonly SemaphoreSlim sweeping = new(1, 1);
    private int readyCount;
    private long lastLoopMs = long.MinValue;

    public ChannelReader<DeliveryClaim> Ready => ready.Reader;

    /// <summary>Claims waiting on the ready queue for a worker.</summary>
    public int ReadyCount => Volatile.Read(ref readyCount);

    /// <summary>When the sweep loop last made progress (readiness: a loop silent for two sweep intervals has stalled).</summary>
    public DateTimeOffset? LastLoopAt => Volatile.Read(ref lastLoopMs) is var ms && ms == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private void Beat() => Volatile.Write(ref lastLoopMs, time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>A committed row this node claimed in its insert goes to the workers now; any other is claimed by the sweep when due.</summary>
    public void Enqueue(Delivery committed)
    {
        if (committed.Status == DeliveryStatus.Sending && committed.LeaseOwner == claims.Owner && committed.LeaseUntil is { } until)
            MakeReady(new DeliveryClaim(committed.Id, until, ReadyCount < MaxReadyWithRows ? committed.Copy() : null));
        else
            WakeAt(committed.NextAttemptAt);
    }

    public void Enqueue(string deliveryId, DateTimeOffset? notBefore = null) => WakeAt(notBefore);

    /// <summary>A row due now is claimed by this node in its own insert (then <see cref="Enqueue(Delivery)"/> hands it to a worker).</summary>
    public void ClaimOnInsert(Delivery due, DateTimeOffset now)
    {
        if (due.Status == DeliveryStatus.Pending && (due.NextAttemptAt is null || due.NextAttemptAt <= now)) claims.ClaimOnInsert(due, now);
    }

    /// <summary>Sweep at <paramref name="due"/> (now when null or past): something committed falls due then.</summary>
    public void WakeAt(DateTimeOffset? due) => wakeups.WakeAt(due);

    /// <summary>Puts a claim on the ready queue now (a claimed insert, a swept row, a parked claim given a slot).</summary>
    public void MakeReady(DeliveryClaim claim)
    {
        Interlocked.Increment(ref readyCount);
        ready.Writer.TryWrite(claim);
    }

    /// <summary>Called by a worker for each claim it takes off <see cref="Ready"/>.</summary>
    public void Taken() => Interlocked.Decrement(ref readyCount);

    /// <summary>
    /// Claims everything due now, in batches, onto the ready queue; returns how many. Holds back while the ready queue is
    /// longer than the workers can start within a lease, so claims are not taken only to lapse. Safe to run concurrently
    /// with itself and with other nodes: each row is claimed once.
    /// </summary>
    public Task<int> SweepAsync(CancellationToken ct = default) => SweepAsync(fromLoop: false, ct);

    private async Task<int> SweepAsync(bool fromLoop, CancellationToken ct)
    {
        await sweeping.WaitAsync(ct);
        try
        {
            var total = 0;
            DateTimeOffset? nextDue = null;
            while (!ct.IsCancellationRequested && ReadyCount < MaxReadyWithRows)
            {
                if (fromLoop) Beat();
                var (rows, next) = await claims.ClaimDueAsync(Math.Min(SweepBatch, MaxReadyWithRows - ReadyCount));
                // Retries (and claims lapsed after an attempt) have a schedule to keep; paced first attempts (bulk replays,
                // backfills) do not, and must not crowd out live traffic.
                foreach (var row in rows) MakeReady(new DeliveryClaim(row.Id, row.LeaseUntil!.Value, row, Due: row.AttemptCount > 0));
                total += rows.Count;
                Observability.ConsoleMetrics.SweepClaimed(rows.Count);
                nextDue = next;
                if (rows.Count < SweepBatch) break;
            }
            // Sleep until the next waiting delivery falls due, whoever recorded it and however far ahead it was scheduled.
            // The loop's own sweep sleeps by the wake-ups next, so it needs no nudge; a sweep from elsewhere does.
            if (nextDue is { } due && wakeups.Add(due, beyondHorizon: true) && !fromLoop) wakeups.Nudge();
            return total;
        }
        finally
        {
            sweeping.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Wake-ups due by the sweep's start are served by it; ones that fall due while it runs need another round at once.
            var sweptUpTo = time.GetUtcNow().ToUnixTimeMilliseconds();
            Beat();
            try
            {
                var claimed = await SweepAsync(fromLoop: true, stoppingToken);
                if (claimed > 0) logger.LogDebug("Due sweep claimed {Count} deliveries", claimed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database was busy or briefly unavailable: everything is still due there; try again next round.
                logger.LogWarning(e, "Due sweep failed; retrying in {Interval}", options.SweepInterval);
            }
            await wakeups.SleepAsync(sweptUpTo, options.SweepInterval, stoppingToken);
        }
    }
}
