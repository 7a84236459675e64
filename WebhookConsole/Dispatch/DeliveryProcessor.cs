using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Notifications;
using WebhookConsole.Observability;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Attempts claimed deliveries: prepare (the row, the claim still ours, the integration, a concurrency slot, time left on
/// the lease) → send (never throws: whatever goes wrong on the wire is a failed attempt with its error) → record the
/// outcome and end the claim in one grouped commit. A worker that holds one of an integration's concurrency slots goes on
/// with that integration's parked claims before giving the slot back, so a busy endpoint is served without a round trip
/// through the ready queue per delivery.
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
    OperationalNotifier? notifier = null)
{
    /// <summary>Parked claims one worker goes through on a slot before handing it on via the ready queue (fairness).</summary>
    private const int MaxParkedRunPerWorker = 256;

    private static readonly Func<AppDbContext, string, CancellationToken, Task<Delivery?>> LoadDelivery =
        EF.CompileAsyncQuery((AppDbContext db, string id, CancellationToken _) => db.Deliveries.AsNoTracking().FirstOrDefault(d => d.Id == id));

    /// <summary>What an attempt goes out with: the row, the claim it is sent under, and the integration's settings.</summary>
    private sealed record Prepared(Delivery Delivery, DeliveryClaim Claim, IntegrationSnapshot Integration);

    /// <summary>The integration whose concurrency slot the current worker holds, if any.</summary>
    private sealed class Slot
    {
        public string? Of;
    }

    public async Task ProcessAsync(DeliveryClaim claim, CancellationToken ct)
    {
        var slot = new Slot { Of = claim.SlotOf };
        var current = claim;
        try
        {
            for (var run = 0; ; run++)
            {
                await ProcessOneAsync(current, slot, ct);
                if (slot.Of is null || run >= MaxParkedRunPerWorker || ct.IsCancellationRequested) break;
                var next = throttle.Exit(slot.Of);
                if (next is null)
                {
                    slot.Of = null; // slot returned, nothing waiting
                    break;
                }
                current = next; // the slot passes straight to the parked claim
            }
        }
        finally
        {
            HandOnSlot(slot.Of);
        }
    }

    private async Task ProcessOneAsync(DeliveryClaim claim, Slot slot, CancellationToken ct)
    {
        using var deliver = ConsoleTracing.StartDelivery(claim.DeliveryId);
        Prepared? prepared;
        using (ConsoleTracing.Start("claim")) prepared = await PrepareAsync(claim, slot, ct);
        if (prepared is null) return;
        // Once started, an attempt runs to its own timeout even during shutdown, so it is recorded, not lost.
        var (delivery, sentUnder, integration) = prepared;
        SendResult result;
        using (var send = ConsoleTracing.Start("send", ActivityKind.Client))
        {
            result = await sender.SendAsync(integration, delivery.MessageId, delivery.Payload, delivery.AttemptCount + 1, CancellationToken.None);
            ConsoleTracing.Outcome(send, integration.Id, result);
        }
        using (ConsoleTracing.Start("record")) await HandleOutcomeAsync(delivery, sentUnder, result);
    }

    /// <summary>Null when there is nothing to send: the claim is stale, the delivery was settled without an attempt, or it was parked.</summary>
    private async Task<Prepared?> PrepareAsync(DeliveryClaim claim, Slot slot, CancellationToken ct)
    {
        // A row handed over by whoever just claimed it saves a read; claims behind a long queue read it again.
        var delivery = claim.Row;
        if (delivery is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            delivery = await LoadDelivery(db, claim.DeliveryId, ct);
        }
        if (delivery is null || !IsOurs(delivery, claim)) return null; // deleted, or the claim lapsed and was taken over

        var integration = await settings.GetAsync(delivery.IntegrationId, ct);
        if (integration is null || !integration.Active)
        {
            var now = time.GetUtcNow();
            if (integration is null) DeliveryLifecycle.Cancel(delivery, now);
            else DeliveryLifecycle.Skip(delivery, now);
            await claims.RecordAsync(delivery, claim.LeaseUntil, attempt: null);
            return null;
        }

        if (slot.Of is null)
        {
            if (!throttle.TryEnter(delivery.IntegrationId, claim)) return null; // parked; a slot holder picks it up
            slot.Of = delivery.IntegrationId;
        }
        if (ct.IsCancellationRequested) return null; // shutting down before the attempt started: the claim is released at stop

        // A claim that waited long (a deep queue, a parked run) may not have a whole attempt left on its lease.
        var current = await claims.EnsureTimeForAttemptAsync(claim);
        return current is null ? null : new Prepared(delivery, current, integration);
    }

    private async Task HandleOutcomeAsync(Delivery claimed, DeliveryClaim sentUnder, SendResult result)
    {
        var delivery = claimed.Copy(); // the claimed row may be shared with the caller that inserted it
        var attempt = result.Attempt;
        attempt.DeliveryId = delivery.Id;
        DeliveryLifecycle.Attempted(delivery, attempt, result, time.GetUtcNow(), options);
        ConsoleMetrics.AttemptMade(delivery.IntegrationId, result);
        if (!await claims.RecordAsync(delivery, sentUnder.LeaseUntil, attempt)) return;

        if (!result.Succeeded)
            logger.LogWarning("Delivery {DeliveryId} to {IntegrationId}: attempt {Attempt} failed ({Outcome}); now {Status}",
                delivery.Id, delivery.IntegrationId, attempt.Number, Describe(attempt), delivery.Status);
        if (delivery.Status == DeliveryStatus.Retrying) scheduler.WakeAt(delivery.NextAttemptAt);
        else if (delivery.Status == DeliveryStatus.Failed) notifier?.DeliveryExhausted(delivery, attempt);
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

    /// <summary>Frees a held slot on an integration, or passes it to a parked claim through the ready queue.</summary>
    private void HandOnSlot(string? integrationId)
    {
        if (integrationId is null) return;
        var next = throttle.Exit(integrationId);
        if (next is not null) scheduler.MakeReady(next with { SlotOf = integrationId });
    }
}
