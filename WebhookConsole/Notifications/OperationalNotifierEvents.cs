using WebhookConsole.Dispatch;

namespace WebhookConsole.Notifications;

/// <summary>The events other features announce, shaped in one place.</summary>
public static class OperationalNotifierEvents
{
    /// <summary>A delivery used up its retries (after the last one) and now waits for a replay.</summary>
    public static void DeliveryExhausted(this OperationalNotifier notifier, Delivery d, Attempt last) =>
        notifier.Publish(OperationalEventTypes.DeliveryExhausted,
            new { deliveryId = d.Id, eventId = d.EventId, eventType = d.EventType, integrationId = d.IntegrationId, attempts = d.AttemptCount, lastStatusCode = last.StatusCode, lastError = last.Error },
            $"Delivery {d.Id} ({d.EventType}) failed after {d.AttemptCount} attempts; it waits for a replay.");

    public static void BackfillFinished(this OperationalNotifier notifier, string integrationId, string actor, int selected, int created) =>
        notifier.Publish(OperationalEventTypes.BackfillFinished,
            new { integrationId, requestedBy = actor, selected, created },
            $"Backfill to {integrationId} finished: {created:N0} of {selected:N0} events queued.");
}
