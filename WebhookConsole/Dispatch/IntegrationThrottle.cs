using System.Collections.Concurrent;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Caps requests in flight per integration without blocking workers: a delivery over the cap is parked in
/// memory and handed back when one of that integration's requests finishes. A hanging endpoint therefore
/// holds at most the cap of workers and the rest keep flowing. Parked work lost in a crash is still in the
/// database and the reconciler re-enqueues it.
/// </summary>
public sealed class IntegrationThrottle(DeliveryOptions options)
{
    private sealed class Lane
    {
        public int InFlight;
        public readonly Queue<DeliveryTicket> Parked = new();
    }

    private readonly ConcurrentDictionary<string, Lane> lanes = new();

    /// <summary>True: go ahead (call <see cref="Exit"/> after). False: the ticket was parked.</summary>
    public bool TryEnter(string integrationId, DeliveryTicket ticket)
    {
        var lane = lanes.GetOrAdd(integrationId, _ => new Lane());
        lock (lane)
        {
            if (lane.InFlight < options.MaxConcurrencyPerIntegration)
            {
                lane.InFlight++;
                return true;
            }
            lane.Parked.Enqueue(ticket);
            return false;
        }
    }

    /// <summary>Frees a slot and returns the next parked ticket, whose slot is already taken for it, if any.</summary>
    public DeliveryTicket? Exit(string integrationId)
    {
        var lane = lanes.GetOrAdd(integrationId, _ => new Lane());
        lock (lane)
        {
            if (lane.Parked.TryDequeue(out var next)) return next; // the slot passes to the parked ticket
            lane.InFlight--;
            return null;
        }
    }

    public int Parked => lanes.Values.Sum(l => { lock (l) return l.Parked.Count; });
}

/// <summary>
/// A delivery to attempt, with the attempt count it had when queued (older tickets are stale duplicates),
/// when it was parked the integration whose concurrency slot was handed to it, and, when the caller has just
/// committed or read the row, that row (so the dispatcher need not read it again).
/// </summary>
public sealed record DeliveryTicket(string DeliveryId, int AttemptCount, string? SlotOf = null, Delivery? Row = null);
