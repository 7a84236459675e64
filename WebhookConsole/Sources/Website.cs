namespace WebhookConsole.Sources;

public sealed class Website
{
    public string Id { get; set; } = default!;
    public string Name { get; set; } = default!;
    public string Domain { get; set; } = default!;
    public string Country { get; set; } = default!;
}
