namespace WebhookConsole.Dispatch;

/// <summary>One event to one integration: the outbox row the dispatcher works from.</summary>
public sealed class Delivery
{
    public string Id { get; set; } = default!;
    public string EventId { get; set; } = default!;
    public string EventType { get; set; } = default!;
    public string IntegrationId { get; set; } = default!;
    /// <summary>Participation or member id, for search.</summary>
    public string? SubjectId { get; set; }
    public string Status { get; set; } = DeliveryStatus.Pending;
    public int AttemptCount { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? ReplayOf { get; set; }
    /// <summary>Sent by a backfill: an older event delivered to an integration created after it.</summary>
    public bool Backfill { get; set; }
    /// <summary>The Standard Webhooks `webhook-id`: unchanged across retries and replays.</summary>
    public string MessageId { get; set; } = default!;
    /// <summary>The exact body bytes sent (UTF-8 JSON).</summary>
    public byte[] Payload { get; set; } = [];
    /// <summary>While <c>sending</c>: the node that claimed it (<see cref="DispatchNode"/>).</summary>
    public string? LeaseOwner { get; set; }
    /// <summary>While <c>sending</c>: when the claim lapses and any node may take the delivery over. Also the claim's token.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>A detached copy for the dispatcher, so callers keep their own object (the payload bytes are shared, never changed).</summary>
    public Delivery Copy() => (Delivery)MemberwiseClone();
}
