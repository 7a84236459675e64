namespace WebhookConsole.Dispatch;

/// <summary>
/// What the dispatcher announces to operators. Implemented above Dispatch (operational notifications), so the engine
/// names no feature that listens; without one registered nothing is announced.
/// </summary>
public interface IDeliveryAlerts
{
    /// <summary>A delivery used up its retries (after <paramref name="last"/>) and now waits for a replay.</summary>
    void DeliveryExhausted(Delivery delivery, Attempt last);
}
