namespace WebhookConsole.Domain;

public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = default!;
    public string Action { get; set; } = default!;
    public string EntityType { get; set; } = default!;
    public string? EntityId { get; set; }
    /// <summary>JSON snapshots, secrets already masked.</summary>
    public string? Before { get; set; }
    public string? After { get; set; }
}
