namespace WebhookConsole.Dispatch;

/// <summary>
/// Decides who may start an attempt now, without blocking workers. Each integration has a cap of requests in flight
/// (<see cref="DeliveryOptions.MaxConcurrencyPerIntegration"/>); a claim over it is parked in memory and handed back,
/// through the ready queue, when one of that integration's requests finishes. Integrations whose attempts take longer than
/// <see cref="DeliveryOptions.SlowAttemptAfter"/> are slow: their attempts run without a worker (see
/// <see cref="Admission.Detached"/>), and together they hold at most <see cref="DeliveryOptions.MaxSlowInFlight"/> requests,
/// shared out in turn; one whose last attempt got no answer at all gets only
/// <see cref="DeliveryOptions.SlowIntegrationConcurrency"/> requests, so its backlog is tried a few at a time, not hammered.
/// Retries (<see cref="DeliveryClaim.Due"/>) wait in a lane of their own and get freed slots first. A parked claim lost in a
/// crash is still a row with a lease, which any node's due sweep takes over once it lapses.
/// </summary>
public sealed class IntegrationThrottle(DeliveryOptions options)
{
    private sealed class Lane(string integrationId)
    {
        public readonly string IntegrationId = integrationId;
        public int InFlight;
        /// <summary>Its attempts take longer than the slow threshold: they run detached and count against the shared budget.</summary>
        public bool Slow;
        /// <summary>Its last attempt got no answer within the slow threshold: capped at the slow concurrency.</summary>
        public bool Hanging;
        /// <summary>On <see cref="starved"/>: parked claims waiting for the slow budget.</summary>
        public bool Starved;
        public readonly Queue<DeliveryClaim> ParkedDue = new();
        public readonly Queue<DeliveryClaim> Parked = new();
        public bool HasParked => ParkedDue.Count > 0 || Parked.Count > 0;
    }

    private readonly Lock gate = new();
    private readonly Dictionary<string, Lane> lanes = new(StringComparer.Ordinal);
    private readonly Queue<Lane> starved = new();
    private int detached;

    /// <summary>Attempts running without a worker right now (slow integrations').</summary>
    public int DetachedInFlight
    {
        get { lock (gate) return detached; }
    }

    /// <summary>
    /// <see cref="Admission.Run"/> or <see cref="Admission.Detached"/>: go ahead (call <see cref="Exit"/> after).
    /// <see cref="Admission.Parked"/>: the claim waits for a slot.
    /// </summary>
    public Admission TryEnter(string integrationId, DeliveryClaim claim)
    {
        lock (gate)
        {
            if (!lanes.TryGetValue(integrationId, out var lane)) lanes[integrationId] = lane = new Lane(integrationId);
            if (!lane.HasParked && TryTakeSlot(lane) is { } admission) return admission;
            Park(lane, claim);
            if (lane.Slow && lane.InFlight < Cap(lane)) Starve(lane); // a slot of its own, but no room in the shared budget
            return Admission.Parked;
        }
    }

    /// <summary>A running attempt passed the slow threshold and goes on without its worker: its integration is slow from now on.</summary>
    public void Detach(string integrationId)
    {
        lock (gate)
        {
            detached++;
            if (lanes.TryGetValue(integrationId, out var lane)) lane.Slow = true;
        }
    }

    /// <summary>
    /// An attempt ended after <paramref name="took"/> (<paramref name="answered"/>: a response came, whatever its status;
    /// <paramref name="took"/> null: the slot was given up without an attempt, which says nothing about the integration).
    /// Frees its slot and returns the parked claims given a slot now, each marked with how to run
    /// (<see cref="DeliveryClaim.SlotOf"/>, <see cref="DeliveryClaim.Detach"/>): this integration's, and another slow one's
    /// when the shared budget has room again.
    /// </summary>
    public List<DeliveryClaim>? Exit(string integrationId, bool wasDetached, TimeSpan? took, bool answered)
    {
        lock (gate)
        {
            if (wasDetached) detached--;
            List<DeliveryClaim>? next = null;
            if (lanes.TryGetValue(integrationId, out var lane))
            {
                lane.InFlight--;
                if (took is { } duration)
                {
                    lane.Slow = duration >= options.SlowAttemptAfter;
                    lane.Hanging = lane.Slow && !answered;
                }
                // A healthy integration's slot passes to its own next claim; a slow one queues for the shared budget behind
                // the other slow ones already waiting.
                if (!lane.Slow)
                    while (lane.HasParked && TryTakeSlot(lane) is { } admission) (next ??= []).Add(Unpark(lane, admission));
                if (lane.HasParked && lane.Slow && lane.InFlight < Cap(lane)) Starve(lane);
                // A slow integration is remembered, so its next attempt does not hold a worker to find out again.
                else if (!lane.HasParked && lane.InFlight == 0 && !lane.Slow) lanes.Remove(integrationId);
            }
            // Budget freed: the slow integrations waiting for it take turns.
            while (detached < options.MaxSlowInFlight && starved.TryDequeue(out var waiting))
            {
                waiting.Starved = false;
                if (!waiting.HasParked || TryTakeSlot(waiting) is not { } admission) continue;
                (next ??= []).Add(Unpark(waiting, admission));
                if (waiting.HasParked && waiting.Slow && waiting.InFlight < Cap(waiting)) Starve(waiting);
            }
            return next;
        }
    }

    private int Cap(Lane lane) => lane.Hanging ? Math.Min(options.SlowIntegrationConcurrency, options.MaxConcurrencyPerIntegration) : options.MaxConcurrencyPerIntegration;

    private Admission? TryTakeSlot(Lane lane)
    {
        if (lane.InFlight >= Cap(lane)) return null;
        if (!lane.Slow)
        {
            lane.InFlight++;
            return Admission.Run;
        }
        if (detached >= options.MaxSlowInFlight) return null;
        lane.InFlight++;
        detached++;
        return Admission.Detached;
    }

    private static void Park(Lane lane, DeliveryClaim claim) => (claim.Due ? lane.ParkedDue : lane.Parked).Enqueue(claim);

    private static DeliveryClaim Unpark(Lane lane, Admission admission)
    {
        // A retry, which has a schedule to keep, goes first.
        var claim = lane.ParkedDue.TryDequeue(out var due) ? due : lane.Parked.Dequeue();
        return claim with { SlotOf = lane.IntegrationId, Detach = admission == Admission.Detached };
    }

    private void Starve(Lane lane)
    {
        if (lane.Starved) return;
        lane.Starved = true;
        starved.Enqueue(lane);
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
