using Hangfire;

namespace WebhookConsole.Dispatch;

/// <summary>
/// The Hangfire scheduled job for an attempt due later: when due it moves the delivery onto the ready queue.
/// Retries are the dispatcher's own schedule, not Hangfire's.
/// </summary>
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
public sealed class DeliveryJob(DeliveryDispatcher dispatcher)
{
    [Queue(DeliveryDispatcher.Queue)]
    public Task RunAsync(string deliveryId, int attemptCount, string? slotOf, CancellationToken ct)
    {
        dispatcher.MakeReady(new DeliveryTicket(deliveryId, attemptCount, slotOf));
        return Task.CompletedTask;
    }
}
