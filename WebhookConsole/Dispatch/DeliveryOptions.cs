using System.Globalization;
using System.Text.RegularExpressions;

namespace WebhookConsole.Dispatch;

/// <summary>`Delivery:*` configuration (a contract: keys are added, never renamed), parsed once and validated at start-up.</summary>
public sealed partial class DeliveryOptions
{
    public const string DefaultRetrySchedule = "5s,5m,30m,2h,5h,10h,10h";

    public IReadOnlyList<TimeSpan> RetrySchedule { get; init; } = ParseSchedule(DefaultRetrySchedule);
    public TimeSpan SettingsCacheDuration { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
    public bool AllowPrivateNetworks { get; init; }
    public string SignatureHeader { get; init; } = "X-Qualifio-Signature";
    /// <summary>Requests in flight to one integration; more wait in memory so a slow endpoint cannot take every worker.</summary>
    public int MaxConcurrencyPerIntegration { get; init; } = 8;
    public int Workers { get; init; } = 64;
    /// <summary>An attempt still unanswered after this lets its worker go (it goes on alone) and marks its integration slow.</summary>
    public TimeSpan SlowAttemptAfter { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Requests in flight to an integration whose last attempt got no answer within <see cref="SlowAttemptAfter"/>.</summary>
    public int SlowIntegrationConcurrency { get; init; } = 2;
    /// <summary>Requests all slow integrations together may have in flight; beyond it they wait their turn in memory.</summary>
    public int MaxSlowInFlight { get; init; } = 32;
    /// <summary>Retries stretch by ±this fraction so failed receivers are not hit in lockstep.</summary>
    public double Jitter { get; init; } = 0.2;
    /// <summary>How long a node's claim on a delivery lasts: a node that dies gives its work back after this.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>False: this node serves the console and the API but sends nothing (a node kept for the UI, or tests of what is queued).</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>How often the due sweep looks for due work it was not told about (other nodes' retries, lapsed claims).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(1);

    public static DeliveryOptions FromConfiguration(IConfiguration config, bool isDevelopment)
    {
        var section = config.GetSection("Delivery");
        var defaults = new DeliveryOptions();
        return new DeliveryOptions
        {
            RetrySchedule = ParseSchedule(section["RetrySchedule"] ?? DefaultRetrySchedule),
            SettingsCacheDuration = Span(section, "SettingsCacheDuration", defaults.SettingsCacheDuration),
            ConnectTimeout = Span(section, "ConnectTimeout", defaults.ConnectTimeout),
            Timeout = Span(section, "Timeout", defaults.Timeout),
            AllowPrivateNetworks = section.GetValue("AllowPrivateNetworks", isDevelopment),
            SignatureHeader = string.IsNullOrWhiteSpace(section["SignatureHeader"]) ? defaults.SignatureHeader : section["SignatureHeader"]!.Trim(),
            MaxConcurrencyPerIntegration = Math.Max(1, section.GetValue("MaxConcurrencyPerIntegration", defaults.MaxConcurrencyPerIntegration)),
            Workers = Math.Max(2, section.GetValue("Workers", defaults.Workers)),
            SlowAttemptAfter = Span(section, "SlowAttemptAfter", defaults.SlowAttemptAfter),
            SlowIntegrationConcurrency = Math.Max(1, section.GetValue("SlowIntegrationConcurrency", defaults.SlowIntegrationConcurrency)),
            MaxSlowInFlight = Math.Max(1, section.GetValue("MaxSlowInFlight", defaults.MaxSlowInFlight)),
            Jitter = Math.Clamp(section.GetValue("Jitter", defaults.Jitter), 0, 0.9),
            LeaseDuration = Span(section, "LeaseDuration", defaults.LeaseDuration),
            SweepInterval = Span(section, "SweepInterval", defaults.SweepInterval),
            Enabled = section.GetValue("Enabled", true),
        }.Validated();
    }

    /// <summary>A claim must outlast one whole attempt and its recording, or no attempt could ever start under it.</summary>
    private DeliveryOptions Validated()
    {
        var needed = Timeout + DeliveryClaims.RecordMargin;
        if (LeaseDuration <= needed)
            throw new InvalidOperationException(
                $"Delivery:LeaseDuration is {LeaseDuration:c}; it must be longer than Delivery:Timeout ({Timeout:c}) plus {DeliveryClaims.RecordMargin.TotalSeconds:0} s, e.g. {needed + TimeSpan.FromSeconds(30):c}.");
        return this;
    }

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SchedulePart();

    /// <summary>`5s,5m,30m,2h` → delays after attempt 1, 2, 3…; an empty schedule means no retries.</summary>
    public static IReadOnlyList<TimeSpan> ParseSchedule(string value)
    {
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Select(part =>
        {
            var match = SchedulePart().Match(part);
            if (!match.Success)
                throw new InvalidOperationException($"Delivery:RetrySchedule has '{part}'; use numbers with ms, s, m, h or d, e.g. 5s,5m,30m.");
            var n = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value.ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }).ToList();
    }

    private static TimeSpan Span(IConfigurationSection section, string key, TimeSpan fallback)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        throw new InvalidOperationException($"Delivery:{key} is '{raw}'; use a positive time span such as 00:00:15.");
    }
}
