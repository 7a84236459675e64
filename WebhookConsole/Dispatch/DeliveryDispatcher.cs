using System.Collections.Concurrent;
using Hangfire;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Puts deliveries on Hangfire. Work due within <see cref="Horizon"/> becomes a Hangfire job; later work
/// stays only in the database and the reconciler schedules it as it comes near, so 100,000 deliveries
/// waiting hours for a retry cost no memory. Tracks what this process holds so the reconciler only adds
/// what no job carries.
/// </summary>
public sealed class DeliveryDispatcher(IBackgroundJobClient jobs, TimeProvider time) : IDeliveryQueue
{
    public const string Queue = "deliveries";
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, byte> held = new();

    public void Enqueue(string deliveryId, DateTimeOffset? notBefore = null) => Enqueue(new DeliveryTicket(deliveryId, 0), notBefore);

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

    /// <summary>For the reconciler: enqueue only if no job of this process holds the delivery.</summary>
    public bool TryAdopt(DeliveryTicket ticket, DateTimeOffset? notBefore)
    {
        if (!held.TryAdd(ticket.DeliveryId, 0)) return false;
        Submit(ticket, notBefore is null ? TimeSpan.Zero : notBefore.Value - time.GetUtcNow());
        return true;
    }

    public void Release(string deliveryId) => held.TryRemove(deliveryId, out _);

    public bool Holds(string deliveryId) => held.ContainsKey(deliveryId);

    public int HeldCount => held.Count;

    private void Submit(DeliveryTicket ticket, TimeSpan delay)
    {
        if (delay <= TimeSpan.FromMilliseconds(50))
            jobs.Create<DeliveryJob>(j => j.RunAsync(ticket.DeliveryId, ticket.AttemptCount, ticket.SlotOf, CancellationToken.None), new Hangfire.States.EnqueuedState(Queue));
        else
            jobs.Schedule<DeliveryJob>(Queue, j => j.RunAsync(ticket.DeliveryId, ticket.AttemptCount, ticket.SlotOf, CancellationToken.None), delay);
    }
}
