namespace WebhookConsole.Domain;

/// <summary>What names a new delivery: its id and webhook-id, and the event and integration it joins.</summary>
public sealed record DeliveryKey(string Id, string MessageId, string EventId, string EventType, string IntegrationId, string? SubjectId);
