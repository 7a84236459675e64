namespace WebhookConsole.Notifications;

/// <summary>
/// One of the console's own events for operators: POSTed to `Notifications:Url` as `{type, occurredAt, data}` (its id
/// goes in `webhook-id`) and shown under the bell in the header.
/// </summary>
public sealed record OperationalEvent(string Id, string Type, DateTimeOffset OccurredAt, object Data, string Summary);

public static class OperationalEventTypes
{
    public const string IntegrationBlocked = "integration.blocked";
    public const string IntegrationRecovered = "integration.recovered";
    public const string DeliveryExhausted = "delivery.exhausted";
    public const string BackfillFinished = "backfill.finished";
}
