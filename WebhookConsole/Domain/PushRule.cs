
namespace WebhookConsole.Domain;

/// <summary>Which event types of one scope go to which integrations. No destinations means "push nowhere".</summary>
public sealed class PushRule : IVersioned
{
    public string Id { get; set; } = default!;
    /// <summary>`account`, `website`, `campaign` or `program`.</summary>
    public string ScopeKind { get; set; } = default!;
    public string? ScopeId { get; set; }
    public List<string> EventTypes { get; set; } = [];
    public List<string> Destinations { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Bumped by every saved change; the ETag of the resource.</summary>
    public int Version { get; set; }
}
