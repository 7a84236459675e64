namespace WebhookConsole.Domain;

/// <summary>A delivery's stored columns, for <see cref="Delivery.FromRow"/> (raw-SQL readers and test seeds).</summary>
public sealed record DeliveryRow
{
    public required string Id { get; init; }
    public string EventId { get; init; } = "";
    public string EventType { get; init; } = "";
    public string IntegrationId { get; init; } = "";
    public string? SubjectId { get; init; }
    public DeliveryStatus Status { get; init; } = DeliveryStatus.Pending;
    public int AttemptCount { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? ReplayOf { get; init; }
    public bool Backfill { get; init; }
    public string MessageId { get; init; } = "";
    public byte[] Payload { get; init; } = [];
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
}
