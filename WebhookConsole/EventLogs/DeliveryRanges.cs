namespace WebhookConsole.EventLogs;

/// <summary>The event logs' "Created" choices, by the name the URL carries.</summary>
public static class DeliveryRanges
{
    public const string Any = "any";
    public const string Custom = "custom";

    public static readonly IReadOnlyList<(string Key, string Label)> All =
    [
        (Any, "Any time"), ("1h", "Last hour"), ("24h", "Last 24 hours"), ("7d", "Last 7 days"), ("30d", "Last 30 days"), (Custom, "Custom days…"),
    ];

    public static bool IsKnown(string? key) => All.Any(r => r.Key == key);

    public static string Label(string key) => All.FirstOrDefault(r => r.Key == key).Label ?? key;

    /// <summary>How far back a relative range reaches; null for any time and custom days.</summary>
    public static TimeSpan? Span(string? key) => key switch
    {
        "1h" => TimeSpan.FromHours(1),
        "24h" => TimeSpan.FromHours(24),
        "7d" => TimeSpan.FromDays(7),
        "30d" => TimeSpan.FromDays(30),
        _ => null,
    };
}
