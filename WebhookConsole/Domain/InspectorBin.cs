namespace WebhookConsole.Domain;

/// <summary>A request bin: an address of the console itself that records whatever is sent to it.</summary>
public sealed class InspectorBin
{
    /// <summary>`bin_…`: 80 random bits, so the address cannot be guessed.</summary>
    public string Id { get; set; } = default!;
    public string Name { get; set; } = default!;
    /// <summary>The status code the bin answers with (200 by default; e.g. 500 to rehearse retries).</summary>
    public int ResponseStatus { get; set; } = 200;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string? CreatedBy { get; set; }
}
