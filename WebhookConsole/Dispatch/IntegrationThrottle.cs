using System.Collections.Concurrent;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Caps requests in flight per integration without blocking workers: a claim over the cap is parked in
/// memory and handed back when one of that integration's requests finishes. A hanging endpoint therefore
/// holds at most the cap of workers and the rest keep flowing. A parked claim lost in a crash is still a row
/// with a lease, which any node's due sweep takes over once it lapses. Retries, which have a schedule to keep
/// (<see cref="DeliveryClaim.Due"/>), wait in a lane of their own and get freed slots first, so a storm of first attempts
/// cannot push retries off their schedule.
/// </summary>
public sealed class IntegrationThrottle(DeliveryOptions options)
{
    private sealed class Lane
    {
        public int InFlight;
        public readonly Queue<DeliveryClaim> ParkedDue = new();
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
            (ticket.Due ? lane.ParkedDue : lane.Parked).Enqueue(ticket);
            return false;
        }
    }

    /// <summary>Frees a slot and returns the next parked ticket, whose slot is already taken for it, if any.</summary>
    public DeliveryClaim? Exit(string integrationId)
    {
        var lane = lanes.GetOrAdd(integrationId, _ => new Lane());
        lock (lane)
        {
            // The slot passes to a parked ticket, one with a due time first.
            if (lane.ParkedDue.TryDequeue(out var next) || lane.Parked.TryDequeue(out next)) return next;
            lane.InFlight--;
            return null;
        }
    }

    /// <summary>Claims parked on this node (metrics; read at scrape time, not on the hot path).</summary>
    public int ParkedCount
    {
        get
        {
            var total = 0;
            foreach (var lane in lanes.Values)
                lock (lane) total += lane.ParkedDue.Count + lane.Parked.Count;
            return total;
        }
    }
}
