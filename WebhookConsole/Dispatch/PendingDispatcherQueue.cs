namespace WebhookConsole.Dispatch;

/// <summary>TEMPORARY until the Hangfire dispatcher lands: deliveries stay in the database untouched.</summary>
internal sealed class PendingDispatcherQueue : IDeliveryQueue
{
    public void Enqueue(string deliveryId, DateTimeOffset? notBefore = null) { }
}
