namespace WebhookConsole.Domain;

/// <summary>An event reported by the platform, stored before it is acknowledged.</summary>
public sealed class WebhookEvent
{
    public string Id { get; set; } = default!;
    public string Type { get; set; } = default!;
    public string? WebsiteId { get; set; }
    public string? CampaignId { get; set; }
    public string? ProgramId { get; set; }
    /// <summary>Participation id or member id, copied out of the data for search.</summary>
    public string? SubjectId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string Data { get; set; } = "{}";
    public string? IdempotencyKey { get; set; }
    /// <summary>Blind index of the e-mail address in the data (<see cref="Privacy.EmailIndex"/>): "" for none, null when stored before the index.</summary>
    public string? EmailHash { get; set; }
}
