namespace WebhookConsole.Domain;

/// <summary>One request a bin received, as it arrived.</summary>
public sealed class InspectedRequest
{
    public long Id { get; set; }
    public string BinId { get; set; } = default!;
    public DateTimeOffset ReceivedAt { get; set; }
    public string Method { get; set; } = default!;
    /// <summary>Path and query after the bin's address, if any.</summary>
    public string? Path { get; set; }
    /// <summary>JSON object of the request headers, as received.</summary>
    public string Headers { get; set; } = "{}";
    /// <summary>The body's first 256 KiB, byte for byte (signatures are checked against these bytes).</summary>
    public byte[] Body { get; set; } = [];
    /// <summary>The whole body's length; larger than <see cref="Body"/> when it was cut.</summary>
    public long BodyLength { get; set; }
    public string? SourceAddress { get; set; }
    public int StatusReturned { get; set; }
}
