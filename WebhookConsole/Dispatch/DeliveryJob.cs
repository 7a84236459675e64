using Hangfire;

namespace WebhookConsole.Dispatch;

/// <summary>The Hangfire job for one attempt. Retries are the dispatcher's own schedule, not Hangfire's.</summary>
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
public sealed class DeliveryJob(DeliveryProcessor processor, DeliveryDispatcher dispatcher)
{
    [Queue(DeliveryDispatcher.Queue)]
    public async Task RunAsync(string deliveryId, int attemptCount, string? slotOf, CancellationToken ct)
    {
        try
        {
            await processor.ProcessAsync(new DeliveryTicket(deliveryId, attemptCount, slotOf), ct);
        }
        catch
        {
            // The row is still due in the database; the reconciler picks it up again.
            dispatcher.Release(deliveryId);
            throw;
        }
    }
}
