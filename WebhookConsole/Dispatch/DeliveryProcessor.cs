using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Attempts deliveries: read the integration through the settings cache, send, record the attempt and the
/// new status in one commit (grouped with others by the single writer), then schedule the retry — after the
/// commit, so a crash never loses it. A worker that holds one of an integration's concurrency slots goes on
/// with that integration's parked deliveries before giving the slot back, so a busy endpoint is served
/// without a round trip through the ready queue per delivery.
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
    /// <summary>Parked deliveries one worker goes through before handing its slot on via the ready queue (fairness).</summary>
    private const int MaxRunPerJob = 256;

    private static readonly Func<AppDbContext, string, CancellationToken, Task<Delivery?>> LoadDelivery =
        EF.CompileAsyncQuery((AppDbContext db, string id, CancellationToken _) => db.Deliveries.AsNoTracking().FirstOrDefault(d => d.Id == id));

    // Two tickets for the same delivery (a reconciler race) must not both send.
    private readonly ConcurrentDictionary<string, byte> inFlight = new();

    /// <summary>The integration whose concurrency slot the current worker holds, if any.</summary>
    private sealed class Slot
    {
        public string? Of;
    }

    public async Task ProcessAsync(DeliveryTicket ticket, CancellationToken ct)
    {
        var slot = new Slot { Of = ticket.SlotOf };
        var current = ticket;
        try
        {
            for (var run = 0; ; run++)
            {
                await ProcessOneAsync(current, slot, ct);
                if (slot.Of is null || run >= MaxRunPerJob || ct.IsCancellationRequested) break;
                var next = throttle.Exit(slot.Of);
                if (next is null)
                {
                    slot.Of = null; // slot returned, nothing waiting
                    break;
                }
                current = next; // the slot passes straight to the parked delivery
            }
        }
        finally
        {
            HandOnSlot(slot.Of);
        }
    }

    private async Task ProcessOneAsync(DeliveryTicket ticket, Slot slot, CancellationToken ct)
    {
        if (!inFlight.TryAdd(ticket.DeliveryId, 0)) return;
        try
        {
            // A row handed over by whoever just committed or read it saves a read; parked and scheduled work reads it again.
            var delivery = ticket.Row;
            if (delivery is null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                delivery = await LoadDelivery(db, ticket.DeliveryId, ct);
            }
            if (delivery is null || delivery.Status is DeliveryStatus.Succeeded or DeliveryStatus.Failed or DeliveryStatus.Superseded)
            {
                dispatcher.Release(ticket.DeliveryId);
                return;
            }
            if (delivery.AttemptCount != ticket.AttemptCount) return; // a stale duplicate ticket

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
            if (integration is null || !integration.Active)
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.LastError = integration is null ? DeletedReason : InactiveReason;
                delivery.NextAttemptAt = null;
                delivery.UpdatedAt = time.GetUtcNow();
                await writer.WriteSqlAsync(sql => SaveOutcome(sql, delivery, null));
                dispatcher.Release(delivery.Id);
                return;
            }

            if (slot.Of is null)
            {
                if (!throttle.TryEnter(delivery.IntegrationId, ticket)) return; // parked; a slot holder picks it up
                slot.Of = delivery.IntegrationId;
            }

            // Once started, an attempt runs to its own timeout even during shutdown, so it is recorded, not lost.
            ct.ThrowIfCancellationRequested();
            var result = await sender.SendAsync(integration, delivery.MessageId, delivery.Payload, delivery.AttemptCount + 1, CancellationToken.None);
            var attempt = result.Attempt;
            attempt.DeliveryId = delivery.Id;
            var now = time.GetUtcNow();
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
            // Attempt and status commit together.
            await writer.WriteSqlAsync(sql => SaveOutcome(sql, delivery, attempt));

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
            // Shutting down before the attempt started: the row is still due; the next start re-enqueues it.
            dispatcher.Release(ticket.DeliveryId);
        }
        catch
        {
            dispatcher.Release(ticket.DeliveryId);
            throw;
        }
        finally
        {
            inFlight.TryRemove(ticket.DeliveryId, out _);
        }
    }

    // Plain SQL on the group writer: the dispatcher's hottest write, profiled at a quarter of its CPU through change tracking.
    private static void SaveOutcome(SqlBatch sql, Delivery delivery, Attempt? attempt)
    {
        sql.Execute(DispatchSql.UpdateDelivery, delivery.Id, delivery.Status, delivery.AttemptCount, delivery.LastStatusCode, delivery.LastError,
            SqlBatch.Stamp(delivery.NextAttemptAt), SqlBatch.Stamp(delivery.UpdatedAt));
        if (attempt is not null)
            sql.Execute(DispatchSql.InsertAttempt, attempt.DeliveryId, attempt.Number, SqlBatch.Stamp(attempt.StartedAt), attempt.DurationMs, attempt.RequestHeaders,
                attempt.StatusCode, attempt.ResponseHeaders, attempt.ResponseBody, attempt.Error);
    }

    /// <summary>Frees a held slot on an integration, or passes it to a parked delivery through the ready queue.</summary>
    private void HandOnSlot(string? integrationId)
    {
        if (integrationId is null) return;
        var next = throttle.Exit(integrationId);
        if (next is not null) dispatcher.MakeReady(next with { SlotOf = integrationId });
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
