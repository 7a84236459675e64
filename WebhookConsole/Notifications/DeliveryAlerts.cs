using WebhookConsole.Dispatch;

namespace WebhookConsole.Notifications;

/// <summary>The dispatcher's announcements, published as operational events.</summary>
internal sealed class DeliveryAlerts(OperationalNotifier notifier) : IDeliveryAlerts
{
    public void DeliveryExhausted(Delivery delivery, Attempt last) => notifier.DeliveryExhausted(delivery, last);
}
