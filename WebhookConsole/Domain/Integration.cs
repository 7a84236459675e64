namespace WebhookConsole.Domain;

/// <summary>A connector: where and how events are pushed. Secret and auth value are stored encrypted (Data Protection).</summary>
public sealed class Integration : IVersioned
{
    public string Id { get; set; } = default!;
    public string Name { get; set; } = default!;
    public string Url { get; set; } = default!;
    public bool Active { get; set; }
    public string Kind { get; set; } = IntegrationKind.Participation;
    /// <summary>Participation scope: null for the account, otherwise one website.</summary>
    public string? WebsiteId { get; set; }
    public string? AuthHeaderName { get; set; }
    public string? AuthHeaderValueEncrypted { get; set; }
    public string? SecretEncrypted { get; set; }
    /// <summary>After a rotation the previous secret keeps signing beside the new one until this moment.</summary>
    public string? PreviousSecretEncrypted { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
    public string PayloadVersion { get; set; } = "2.0";
    public int DelaySeconds { get; set; }
    public bool SendAnswers { get; set; }
    public bool SendLeads { get; set; }
    public bool IncompleteSend { get; set; }
    /// <summary>Seconds a participant has to finish before the participation is sent as INCOMPLETE (Poltio's incomplete delay).</summary>
    public int IncompleteDelaySeconds { get; set; } = 3600;
    /// <summary>Keep payloads and attempts fewer days than the global retention; null keeps the global one.</summary>
    public int? PayloadRetentionDays { get; set; }
    /// <summary>When the block rule stopped sending to it (every attempt failing for days); null while not blocked.</summary>
    public DateTimeOffset? BlockedAt { get; set; }
    /// <summary>When an admin last unblocked it: the block rule only weighs attempts made after this.</summary>
    public DateTimeOffset? UnblockedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Bumped by every saved change; the ETag of the resource.</summary>
    public int Version { get; set; }
}
