namespace WebhookConsole.Inspector;

/// <summary>`Inspector:*` configuration.</summary>
public sealed class InspectorOptions
{
    public const string Section = "Inspector";
    /// <summary>Bytes of each request body kept; the whole length is recorded beside them.</summary>
    public const int MaxStoredBodyBytes = 256 * 1024;
    /// <summary>Larger bodies get 413 and nothing is recorded; up to this they are answered and recorded cut at 256 KiB.</summary>
    public const long MaxAcceptedBodyBytes = 16 * 1024 * 1024;
    /// <summary>Requests kept per bin: the oldest go as new ones arrive.</summary>
    public const int MaxRequestsPerBin = 100;

    /// <summary>How long a bin lives after it is created; retention deletes it and its requests afterwards.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The console's public address (e.g. `https://console.example.com`) when it differs from what the browser or API
    /// client used; bin URLs start with it, and deliveries to it reach the bin although it resolves to this host.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Requests per bin per minute; more get 429 (a loop pointed at a bin must not fill the database).</summary>
    public int RequestsPerMinute { get; set; } = 600;
}
