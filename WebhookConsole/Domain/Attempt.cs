namespace WebhookConsole.Domain;

public sealed class Attempt
{
    public long Id { get; set; }
    public string DeliveryId { get; set; } = default!;
    public int Number { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public int DurationMs { get; set; }
    /// <summary>JSON object of request headers, secret values masked.</summary>
    public string RequestHeaders { get; set; } = "{}";
    public int? StatusCode { get; set; }
    public string? ResponseHeaders { get; set; }
    /// <summary>First 32 KiB of the response body.</summary>
    public string? ResponseBody { get; set; }
    public string? Error { get; set; }
}
