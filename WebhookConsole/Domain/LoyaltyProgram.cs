namespace WebhookConsole.Domain;

/// <summary>A loyalty program ("Program" in the API; renamed here to stay clear of the app's entry point).</summary>
public sealed class LoyaltyProgram : IVersioned
{
    public string Id { get; set; } = default!;
    public string Name { get; set; } = default!;
    /// <summary>Bumped by every saved change; the ETag of the resource.</summary>
    public int Version { get; set; }
}
