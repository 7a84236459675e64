using WebhookConsole.Dispatch;

namespace WebhookConsole.Integrations;

/// <summary>
/// The configuration the integration rules depend on: the signature header (reserved for auth headers),
/// `Webhooks:AllowMultiplePerScope` (the platform's default: one participation integration per account and per website
/// unless the platform is configured otherwise) and how long settings take to reach deliveries.
/// </summary>
public sealed record IntegrationRules(string SignatureHeader, bool AllowMultiplePerScope, TimeSpan SettingsCacheDuration)
{
    public static IntegrationRules Default { get; } = new("X-Qualifio-Signature", false, TimeSpan.FromMinutes(5));

    public static IntegrationRules From(IConfiguration config, DeliveryOptions delivery) =>
        new(delivery.SignatureHeader, config.GetValue("Webhooks:AllowMultiplePerScope", false), delivery.SettingsCacheDuration);

    /// <summary>
    /// What a rotation does to the two signature headers, in words: <see cref="SignatureHeader"/> holds one signature, the
    /// new secret's once deliveries see the new settings (within the cache duration); `webhook-signature` carries both.
    /// </summary>
    public string RotationText =>
        $"{SignatureHeader} holds one signature: until deliveries pick up the new settings ({CacheDelay} after the rotation) it is the previous secret's, " +
        "from then on only the new secret's. The Standard Webhooks header webhook-signature carries one entry per live secret, the new and the previous, " +
        $"for the {Describe(IntegrationService.RotationOverlap)} overlap. A receiver that checks {SignatureHeader} must accept the new secret within {Describe(SettingsCacheDuration)} of the rotation.";

    /// <summary>"up to 5 minutes", as the UI says where settings are edited.</summary>
    public string CacheDelay => "up to " + Describe(SettingsCacheDuration);

    /// <summary>A duration in words: 5 minutes, 30 seconds, 1 hour 30 minutes.</summary>
    public static string Describe(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1)) return $"{Math.Max(0, (int)span.TotalMilliseconds)} ms";
        var parts = new List<string>();
        Add(parts, (int)span.TotalDays, "day");
        Add(parts, span.Hours, "hour");
        Add(parts, span.Minutes, "minute");
        Add(parts, span.Seconds, "second");
        return string.Join(" ", parts.Take(2));
    }

    private static void Add(List<string> parts, int n, string unit)
    {
        if (n > 0) parts.Add($"{n} {unit}{(n == 1 ? "" : "s")}");
    }

    /// <summary>
    /// A URL short enough for a table cell that still tells integrations apart: the scheme and host, then the end of the
    /// path (where a bin id or a tenant usually sits), with the middle elided. The whole URL goes in the title.
    /// </summary>
    public static string ShortUrl(string url, int max = 44)
    {
        if (url.Length <= max || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return url;
        var head = uri.GetLeftPart(UriPartial.Authority);
        var room = max - head.Length - 1;
        return room < 8 ? url[..(max - 1)] + "…" : head + "…" + url[^room..];
    }
}
