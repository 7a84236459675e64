namespace WebhookConsole.Dispatch;

/// <summary>
/// Hands committed deliveries to the dispatcher. Call it only after the transaction that wrote the
/// deliveries has committed; if the process dies before, the reconciler finds them in the database.
/// </summary>
public interface IDeliveryQueue
{
    /// <param name="notBefore">null or a past time: attempt now; otherwise schedule for that time.</param>
    void Enqueue(string deliveryId, DateTimeOffset? notBefore = null);

    /// <summary>As <see cref="Enqueue(string, DateTimeOffset?)"/> for a row the caller has just committed, which the dispatcher may use as is.</summary>
    void Enqueue(Delivery committed) => Enqueue(committed.Id, committed.Status == DeliveryStatus.Scheduled ? committed.NextAttemptAt : null);
}
