namespace WebhookConsole.Domain;

public sealed class Website : IVersioned
{
    public string Id { get; set; } = default!;
    public string Name { get; set; } = default!;
    public string Domain { get; set; } = default!;
    public string Country { get; set; } = default!;
    /// <summary>Bumped by every saved change; the ETag of the resource.</summary>
    public int Version { get; set; }
}
