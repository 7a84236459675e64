using System.Collections.Concurrent;
using System.Threading.Channels;
using Hangfire;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Hands deliveries to the workers. Work due now goes straight onto an in-memory ready queue that
/// <see cref="DeliveryPump"/> drains; work due later within <see cref="Horizon"/> becomes a Hangfire scheduled job
/// that moves it onto the ready queue when due; later work stays only in the database and the reconciler
/// schedules it as it comes near, so 100,000 deliveries waiting hours for a retry cost no memory. Tracks what
/// this process holds so the reconciler only adds what nothing carries. Nothing here is durable on purpose:
/// the database is the outbox, and whatever a crash drops the reconciler finds again.
/// </summary>
/// <remarks>
/// Why not a Hangfire job per attempt (the first design): profiling the benchmark showed Hangfire's per-job
/// lifecycle (create, fetch, Processing and Succeeded state changes with job (de)serialisation) and its
/// dedicated worker threads blocking on async jobs took about half the CPU of each delivery. See README, "Profile".
/// </remarks>
public sealed class DeliveryDispatcher(IBackgroundJobClient jobs, TimeProvider time) : IDeliveryQueue
{
    public const string Queue = "deliveries";
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, byte> held = new();
    private readonly Channel<DeliveryTicket> ready = Channel.CreateUnbounded<DeliveryTicket>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private int readyCount;

    public ChannelReader<DeliveryTicket> Ready => ready.Reader;

    /// <summary>Tickets waiting on the ready queue for a worker.</summary>
    public int ReadyCount => Volatile.Read(ref readyCount);

    public void Enqueue(string deliveryId, DateTimeOffset? notBefore = null) => Enqueue(new DeliveryTicket(deliveryId, 0), notBefore);

    /// <summary>
    /// Tickets carry their row (payload included) only while the ready queue is shorter than this; behind a longer queue,
    /// say a flood of batches faster than the receivers, a ticket is just ids and the worker reads the row when it gets there.
    /// </summary>
    public const int MaxReadyWithRows = 20_000;

    public void Enqueue(Delivery committed) =>
        Enqueue(new DeliveryTicket(committed.Id, committed.AttemptCount, Row: ReadyCount < MaxReadyWithRows ? committed.Copy() : null),
            committed.Status == DeliveryStatus.Scheduled ? committed.NextAttemptAt : null);

    public void Enqueue(DeliveryTicket ticket, DateTimeOffset? notBefore)
    {
        var delay = notBefore is null ? TimeSpan.Zero : notBefore.Value - time.GetUtcNow();
        if (delay > Horizon)
        {
            held.TryRemove(ticket.DeliveryId, out _);
            return;
        }
        held[ticket.DeliveryId] = 0;
        Submit(ticket, delay);
    }

    /// <summary>For the reconciler: enqueue only if nothing in this process holds the delivery.</summary>
    public bool TryAdopt(DeliveryTicket ticket, DateTimeOffset? notBefore)
    {
        if (!held.TryAdd(ticket.DeliveryId, 0)) return false;
        Submit(ticket, notBefore is null ? TimeSpan.Zero : notBefore.Value - time.GetUtcNow());
        return true;
    }

    /// <summary>Puts a ticket on the ready queue now (a scheduled job that came due, a parked delivery given a slot).</summary>
    public void MakeReady(DeliveryTicket ticket)
    {
        Interlocked.Increment(ref readyCount);
        ready.Writer.TryWrite(ticket);
    }

    /// <summary>Called by a worker for each ticket it takes off <see cref="Ready"/>.</summary>
    public void Taken() => Interlocked.Decrement(ref readyCount);

    public void Release(string deliveryId) => held.TryRemove(deliveryId, out _);

    public bool Holds(string deliveryId) => held.ContainsKey(deliveryId);

    public int HeldCount => held.Count;

    private void Submit(DeliveryTicket ticket, TimeSpan delay)
    {
        if (delay <= TimeSpan.FromMilliseconds(50))
        {
            MakeReady(ticket);
            return;
        }
        // The job carries only ids; the row is read again when it comes due.
        jobs.Schedule<DeliveryJob>(Queue, j => j.RunAsync(ticket.DeliveryId, ticket.AttemptCount, ticket.SlotOf, CancellationToken.None), delay);
    }
}
