using System.Collections.Concurrent;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Caps requests in flight per integration without blocking workers: a claim over the cap is parked in
/// memory and handed back when one of that integration's requests finishes. A hanging endpoint therefore
/// holds at most the cap of workers and the rest keep flowing. A parked claim lost in a crash is still a row
/// with a lease, which any node's due sweep takes over once it lapses.
/// </summary>
public sealed class IntegrationThrottle(DeliveryOptions options)
{
    private sealed class Lane
    {
        public int InFlight;
        public readonly Queue<DeliveryClaim> Parked = new();
    }

    private readonly ConcurrentDictionary<string, Lane> lanes = new();

    /// <summary>True: go ahead (call <see cref="Exit"/> after). False: the ticket was parked.</summary>
    public bool TryEnter(string integrationId, DeliveryClaim ticket)
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
    public DeliveryClaim? Exit(string integrationId)
    {
        var lane = lanes.GetOrAdd(integrationId, _ => new Lane());
        lock (lane)
        {
            if (lane.Parked.TryDequeue(out var next)) return next; // the slot passes to the parked ticket
            lane.InFlight--;
            return null;
        }
    }
}
