namespace WebhookConsole.Dispatch;

/// <summary>
/// Hands committed deliveries to the dispatcher. Call it only after the transaction that wrote them has committed;
/// if the process dies before, the rows are still due in the database and a sweep claims them.
/// </summary>
public interface IDeliveryQueue
{
    /// <summary>A committed delivery falls due at <paramref name="notBefore"/> (null or past: now).</summary>
    void Enqueue(string deliveryId, DateTimeOffset? notBefore = null);

    /// <summary>As <see cref="Enqueue(string, DateTimeOffset?)"/> for a row the caller has just committed, which the dispatcher may use as is.</summary>
    void Enqueue(Delivery committed) => Enqueue(committed.Id, committed.Status == DeliveryStatus.Scheduled ? committed.NextAttemptAt : null);

    /// <summary>
    /// Before insert: lets the dispatcher claim a row that is due now in the insert itself, so the hot path needs no
    /// second write. Queues that do not dispatch leave the row as it is.
    /// </summary>
    void ClaimOnInsert(Delivery due, DateTimeOffset now)
    {
    }
}
