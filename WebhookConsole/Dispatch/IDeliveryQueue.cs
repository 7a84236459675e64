namespace WebhookConsole.Dispatch;

/// <summary>
/// Hands committed deliveries to the dispatcher. Call it only after the transaction that wrote the
/// deliveries has committed; if the process dies before, the reconciler finds them in the database.
/// </summary>
public interface IDeliveryQueue
{
    /// <param name="notBefore">null or a past time: attempt now; otherwise schedule for that time.</param>
    void Enqueue(string deliveryId, DateTimeOffset? notBefore = null);
}
