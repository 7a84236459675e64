using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Observability;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Attempts claimed deliveries: prepare (the row, the claim still ours, the integration, a concurrency slot, time left on
/// the lease) → send (never throws: whatever goes wrong on the wire is a failed attempt with its error) → free the slot →
/// record the outcome and end the claim in one grouped commit, off the worker. No worker belongs to an integration: a worker waits for an answer at
/// most <see cref="DeliveryOptions.SlowAttemptAfter"/>, then leaves the attempt to finish and record itself, and a slow
/// integration's attempts start without a worker at all. A freed slot passes to the integration's next parked claim
/// through the ready queue, behind whatever else is ready; only when nothing else is waiting does the worker go straight on
/// with it.
/// </summary>
public sealed class DeliveryProcessor(
    IDbContextFactory<AppDbContext> dbFactory,
    IntegrationSettingsCache settings,
    WebhookSender sender,
    IntegrationThrottle throttle,
    DeliveryScheduler scheduler,
    DeliveryClaims claims,
    DeliveryOptions options,
    TimeProvider time,
    ILogger<DeliveryProcessor> logger,
    IDeliveryAlerts? alerts = null)
{
    private static readonly Func<AppDbContext, string, CancellationToken, Task<Delivery?>> LoadDelivery =
        EF.CompileAsyncQuery((AppDbContext db, string id, CancellationToken _) => db.Deliveries.AsNoTracking().FirstOrDefault(d => d.Id == id));

    /// <summary>Attempts running without a worker and outcomes being recorded; shutdown waits for them before it gives the remaining claims back.</summary>
    private readonly HashSet<Task> detached = [];

    /// <summary>What an attempt goes out with: the row, the claim it is sent under, the integration's settings, and how it runs.</summary>
    private sealed record Prepared(Delivery Delivery, DeliveryClaim Claim, IntegrationSnapshot Integration, bool Detach);

    public async Task ProcessAsync(DeliveryClaim claim, CancellationToken ct)
    {
        DeliveryClaim? current = claim;
        while (current is not null)
        {
            var next = await ProcessOneAsync(current, ct);
            current = null;
            if (next is null) continue;
            foreach (var handed in next)
            {
                // Nothing else waiting: go straight on with the integration's next claim, without a trip through the queue.
                if (current is null && !handed.Detach && scheduler.ReadyCount == 0 && !ct.IsCancellationRequested) current = handed;
                else scheduler.MakeReady(handed);
            }
        }
    }

    /// <summary>The attempt on the wire, as a client span (its context goes out as `traceparent`).</summary>
    private async Task<SendResult> SendTracedAsync(IntegrationSnapshot integration, Delivery delivery)
    {
        using var send = ConsoleTracing.Start("send", ActivityKind.Client);
        var result = await sender.SendAsync(integration, delivery.MessageId, delivery.Payload, delivery.AttemptCount + 1, CancellationToken.None);
        ConsoleTracing.Outcome(send, integration.Id, result);
        return result;
    }

    /// <summary>Completes when every attempt that left its worker, and every outcome, has been recorded.</summary>
    public Task DetachedAttemptsAsync()
    {
        lock (detached) return Task.WhenAll(detached.ToArray());
    }

    /// <summary>Returns the parked claims given a slot when this attempt ended while its worker waited; null otherwise.</summary>
    private async Task<List<DeliveryClaim>?> ProcessOneAsync(DeliveryClaim claim, CancellationToken ct)
    {
        using var deliver = ConsoleTracing.StartDelivery(claim.DeliveryId);
        Prepared? prepared;
        using (ConsoleTracing.Start("claim")) prepared = await PrepareAsync(claim, ct);
        if (prepared is null) return null;
        // Once started, an attempt runs to its own timeout even during shutdown, so it is recorded, not lost.
        var (delivery, _, integration, detach) = prepared;
        var sending = SendTracedAsync(integration, delivery);
        if (!detach && !sending.IsCompleted)
        {
            try
            {
                await sending.WaitAsync(options.SlowAttemptAfter, time, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                throttle.Detach(delivery.IntegrationId);
                detach = true;
            }
        }
        if (!detach)
        {
            var result = await sending;
            var next = Exit(prepared, result, wasDetached: false);
            Track(RecordAsync(prepared, result));
            return next;
        }
        Track(FinishDetachedAsync(prepared, sending));
        return null;
    }

    private async Task FinishDetachedAsync(Prepared prepared, Task<SendResult> sending)
    {
        var result = await sending;
        var next = Exit(prepared, result, wasDetached: true);
        if (next is not null) foreach (var handed in next) scheduler.MakeReady(handed);
        await RecordAsync(prepared, result);
    }

    private void Track(Task attempt)
    {
        if (attempt.IsCompleted) return;
        lock (detached) detached.Add(attempt);
        attempt.ContinueWith(done => { lock (detached) detached.Remove(done); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// The request is over: its slot passes on at once, before the outcome is recorded, so the integration's next attempt does
    /// not wait for a commit (the cap is on requests in flight) and the record can wait to share a group. Returns the claims
    /// given a slot.
    /// </summary>
    private List<DeliveryClaim>? Exit(Prepared prepared, SendResult result, bool wasDetached) =>
        throttle.Exit(prepared.Delivery.IntegrationId, wasDetached, TimeSpan.FromMilliseconds(result.Attempt.DurationMs), result.Attempt.StatusCode is not null);

    /// <summary>
    /// Records the outcome, off the worker: nothing after it needs the commit, and shutdown waits for it (see
    /// <see cref="DetachedAttemptsAsync"/>) before the node gives back its claims. A record that fails leaves the claim in the
    /// row, which lapses and is taken over, as for a crashed node.
    /// </summary>
    private async Task RecordAsync(Prepared prepared, SendResult result)
    {
        try
        {
            using (ConsoleTracing.Start("record")) await HandleOutcomeAsync(prepared.Delivery, prepared.Claim, result);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Delivery {DeliveryId} could not be recorded; it is taken over when its lease lapses", prepared.Delivery.Id);
        }
    }

    /// <summary>Null when there is nothing to send: the claim is stale, the delivery was settled without an attempt, or it was parked.</summary>
    private async Task<Prepared?> PrepareAsync(DeliveryClaim claim, CancellationToken ct)
    {
        // A row handed over by whoever just claimed it saves a read; claims behind a long queue read it again.
        var delivery = claim.Row;
        if (delivery is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            delivery = await LoadDelivery(db, claim.DeliveryId, ct);
        }
        if (delivery is null || !IsOurs(delivery, claim))
        {
            HandOnSlot(claim); // deleted, or the claim lapsed and was taken over
            return null;
        }

        var integration = await settings.GetAsync(delivery.IntegrationId, ct);
        if (integration is null || !integration.Active)
        {
            HandOnSlot(claim);
            var now = time.GetUtcNow();
            if (integration is null) DeliveryLifecycle.Cancel(delivery, now);
            else DeliveryLifecycle.Skip(delivery, now);
            await claims.RecordAsync(delivery, claim.LeaseUntil, attempt: null);
            return null;
        }

        var detach = claim.Detach;
        if (claim.SlotOf is null)
        {
            var admission = throttle.TryEnter(delivery.IntegrationId, claim);
            if (admission == Admission.Parked) return null; // a freed slot brings it back through the ready queue
            detach = admission == Admission.Detached;
            claim = claim with { SlotOf = delivery.IntegrationId, Detach = detach };
        }
        // Shutting down before the attempt started, or the claim lapsed while it waited (a deep queue, a long park):
        // the slot passes on, and the claim is released at stop or taken over by its new owner.
        var current = ct.IsCancellationRequested ? null : await claims.EnsureTimeForAttemptAsync(claim);
        if (current is null)
        {
            HandOnSlot(claim);
            return null;
        }
        return new Prepared(delivery, current, integration, detach);
    }

    private async Task HandleOutcomeAsync(Delivery claimed, DeliveryClaim sentUnder, SendResult result)
    {
        var delivery = claimed.Copy(); // the claimed row may be shared with the caller that inserted it
        var attempt = result.Attempt;
        attempt.DeliveryId = delivery.Id;
        DeliveryLifecycle.Attempted(delivery, attempt, result, time.GetUtcNow(), options.Retries());
        ConsoleMetrics.AttemptMade(delivery.IntegrationId, result);
        if (!await claims.RecordAsync(delivery, sentUnder.LeaseUntil, attempt, later: true)) return;

        if (!result.Succeeded)
            logger.LogWarning("Delivery {DeliveryId} to {IntegrationId}: attempt {Attempt} failed ({Outcome}); now {Status}",
                delivery.Id, delivery.IntegrationId, attempt.Number, Describe(attempt), delivery.Status.Name());
        if (delivery.Status == DeliveryStatus.Retrying) scheduler.WakeAt(delivery.NextAttemptAt);
        else if (delivery.Status == DeliveryStatus.Failed) alerts?.DeliveryExhausted(delivery, attempt);
    }

    private bool IsOurs(Delivery row, DeliveryClaim claim) =>
        row.Status == DeliveryStatus.Sending && row.LeaseOwner == claims.Owner && row.LeaseUntil == claim.LeaseUntil;

    private static string Describe(Attempt attempt) => (attempt.StatusCode, attempt.Error) switch
    {
        ({ } code, { } error) => $"HTTP {code}: {error}",
        ({ } code, null) => $"HTTP {code}",
        (null, { } error) => error,
        _ => "no response",
    };

    /// <summary>A claim that held a slot but makes no attempt: the slot passes to the integration's next parked claim, if any.</summary>
    private void HandOnSlot(DeliveryClaim claim)
    {
        if (claim.SlotOf is null) return;
        var next = throttle.Exit(claim.SlotOf, claim.Detach, took: null, answered: false);
        if (next is not null) foreach (var handed in next) scheduler.MakeReady(handed);
    }
}
