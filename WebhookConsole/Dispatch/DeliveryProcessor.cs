using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Dispatch;

/// <summary>
/// One attempt of one delivery: read the integration through the settings cache, send, record the attempt
/// and the new status in one commit, then schedule the retry (after the commit, so a crash never loses it).
/// </summary>
public sealed class DeliveryProcessor(
    IDbContextFactory<AppDbContext> dbFactory,
    IntegrationSettingsCache settings,
    WebhookSender sender,
    IntegrationThrottle throttle,
    DeliveryDispatcher dispatcher,
    DeliveryOptions options,
    GroupCommitWriter writer,
    TimeProvider time,
    ILogger<DeliveryProcessor> logger)
{
    public const string InactiveReason = "integration inactive";
    public const string DeletedReason = "integration deleted";

    // Two jobs for the same delivery (a reconciler race) must not both send.
    private readonly ConcurrentDictionary<string, byte> inFlight = new();

    public async Task ProcessAsync(DeliveryTicket ticket, CancellationToken ct)
    {
        var slotOf = ticket.SlotOf;
        if (!inFlight.TryAdd(ticket.DeliveryId, 0))
        {
            HandOnSlot(slotOf);
            return;
        }
        try
        {
            Delivery? delivery;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == ticket.DeliveryId, ct);
            if (delivery is null || delivery.Status is DeliveryStatus.Succeeded or DeliveryStatus.Failed || delivery.AttemptCount != ticket.AttemptCount)
            {
                if (delivery is null || delivery.Status is DeliveryStatus.Succeeded or DeliveryStatus.Failed) dispatcher.Release(ticket.DeliveryId);
                return; // gone, finished, or a stale duplicate job
            }

            // Hangfire schedules to whole seconds, so a job can fire slightly early: wait out the rest.
            var early = delivery.NextAttemptAt - time.GetUtcNow();
            if (early > TimeSpan.Zero)
            {
                if (early > TimeSpan.FromSeconds(3))
                {
                    dispatcher.Enqueue(new DeliveryTicket(delivery.Id, delivery.AttemptCount), delivery.NextAttemptAt);
                    return;
                }
                await Task.Delay(early.Value, time, ct);
            }

            var integration = await settings.GetAsync(delivery.IntegrationId, ct);
            var now = time.GetUtcNow();
            if (integration is null || !integration.Active)
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.LastError = integration is null ? DeletedReason : InactiveReason;
                delivery.NextAttemptAt = null;
                delivery.UpdatedAt = now;
                await writer.WriteAsync(db => SaveOutcome(db, delivery, null));
                dispatcher.Release(delivery.Id);
                return;
            }

            if (slotOf is null)
            {
                if (!throttle.TryEnter(delivery.IntegrationId, ticket)) return; // parked; handed back when a slot frees
                slotOf = delivery.IntegrationId;
            }

            // Once started, an attempt runs to its own timeout even during shutdown, so it is recorded, not lost.
            ct.ThrowIfCancellationRequested();
            var result = await sender.SendAsync(integration, delivery.MessageId, delivery.Payload, delivery.AttemptCount + 1, CancellationToken.None);
            var attempt = result.Attempt;
            attempt.DeliveryId = delivery.Id;
            now = time.GetUtcNow();
            delivery.AttemptCount = attempt.Number;
            delivery.LastStatusCode = attempt.StatusCode;
            delivery.LastError = attempt.Error;
            delivery.UpdatedAt = now;
            if (result.Succeeded)
            {
                delivery.Status = DeliveryStatus.Succeeded;
                delivery.NextAttemptAt = null;
            }
            else if (delivery.AttemptCount <= options.RetrySchedule.Count)
            {
                delivery.Status = DeliveryStatus.Retrying;
                delivery.NextAttemptAt = now + RetryDelay(delivery.AttemptCount, result.RetryAfter);
            }
            else
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.NextAttemptAt = null;
            }
            // Attempt and status commit together, grouped with other attempts by the single writer.
            await writer.WriteAsync(db => SaveOutcome(db, delivery, attempt));

            if (!result.Succeeded)
                logger.LogWarning("Delivery {DeliveryId} to {IntegrationId}: attempt {Attempt} failed ({StatusCode} {Error}); now {Status}",
                    delivery.Id, delivery.IntegrationId, attempt.Number, attempt.StatusCode, attempt.Error, delivery.Status);

            if (delivery.Status == DeliveryStatus.Retrying)
                dispatcher.Enqueue(new DeliveryTicket(delivery.Id, delivery.AttemptCount), delivery.NextAttemptAt);
            else
                dispatcher.Release(delivery.Id);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-attempt: nothing recorded, the row is still due; the next start re-enqueues it.
            dispatcher.Release(ticket.DeliveryId);
        }
        finally
        {
            inFlight.TryRemove(ticket.DeliveryId, out _);
            HandOnSlot(slotOf);
        }
    }

    private static void SaveOutcome(AppDbContext db, Delivery delivery, Attempt? attempt)
    {
        var entry = db.Deliveries.Attach(delivery);
        entry.Property(d => d.Status).IsModified = true;
        entry.Property(d => d.AttemptCount).IsModified = true;
        entry.Property(d => d.LastStatusCode).IsModified = true;
        entry.Property(d => d.LastError).IsModified = true;
        entry.Property(d => d.NextAttemptAt).IsModified = true;
        entry.Property(d => d.UpdatedAt).IsModified = true;
        if (attempt is not null) db.Attempts.Add(attempt);
    }

    /// <summary>Frees a held slot on an integration, or passes it straight to a delivery parked there.</summary>
    private void HandOnSlot(string? integrationId)
    {
        if (integrationId is null) return;
        var next = throttle.Exit(integrationId);
        if (next is not null) dispatcher.Enqueue(next with { SlotOf = integrationId }, null);
    }

    private TimeSpan RetryDelay(int attemptsSoFar, TimeSpan? retryAfter)
    {
        var planned = options.RetrySchedule[attemptsSoFar - 1];
        var factor = 1 + options.Jitter * (Random.Shared.NextDouble() * 2 - 1);
        var delay = TimeSpan.FromTicks((long)(planned.Ticks * factor));
        // A receiver's Retry-After (429/503) wins when it asks for longer, within a day.
        if (retryAfter is { } wait && wait > delay) delay = wait < TimeSpan.FromDays(1) ? wait : TimeSpan.FromDays(1);
        return delay;
    }
}
