namespace WebhookConsole.Domain;

public sealed class Campaign : IVersioned
{
    public string Id { get; set; } = default!;
    public string WebsiteId { get; set; } = default!;
    public string Name { get; set; } = default!;
    public string Type { get; set; } = default!;
    /// <summary>Bumped by every saved change; the ETag of the resource.</summary>
    public int Version { get; set; }
}
