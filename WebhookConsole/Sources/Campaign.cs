namespace WebhookConsole.Sources;

public sealed class Campaign
{
    public string Id { get; set; } = default!;
    public string WebsiteId { get; set; } = default!;
    public string Name { get; set; } = default!;
    public string Type { get; set; } = default!;
}
