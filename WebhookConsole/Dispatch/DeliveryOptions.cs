using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;

namespace WebhookConsole.Dispatch;

/// <summary>
/// `Delivery:*` configuration (a contract: keys are added, never renamed), bound once and validated at start-up: ranges
/// by their attributes, the rest by <see cref="DeliveryOptionsValidation"/>.
/// </summary>
public sealed partial class DeliveryOptions
{
    public const string Section = "Delivery";
    public const string DefaultRetrySchedule = "5s,5m,30m,2h,5h,10h,10h";

    /// <summary>As configured, e.g. `5s,5m,30m`; <see cref="RetryDelays"/> is the parsed form.</summary>
    public string RetrySchedule
    {
        get;
        set { field = value; retryDelays = null; }
    } = DefaultRetrySchedule;

    private IReadOnlyList<TimeSpan>? retryDelays;
    /// <summary>Delays after attempt 1, 2, 3…; as many retries as entries. A method, not a property: validation reads every property, and a bad schedule is its to report.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays() => retryDelays ??= ParseSchedule(RetrySchedule);
    /// <summary>The retry schedule and jitter as the delivery lifecycle applies them.</summary>
    public RetryPolicy Retries() => new(RetryDelays(), Jitter);
    public TimeSpan SettingsCacheDuration { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Defaults to true in Development (local receivers), false elsewhere.</summary>
    public bool AllowPrivateNetworks { get; set; }
    public string SignatureHeader { get; set; } = "X-Qualifio-Signature";
    /// <summary>Requests in flight to one integration; more wait in memory so a slow endpoint cannot take every worker.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Delivery:MaxConcurrencyPerIntegration must be at least 1.")]
    public int MaxConcurrencyPerIntegration { get; set; } = 8;
    [Range(2, int.MaxValue, ErrorMessage = "Delivery:Workers must be at least 2.")]
    public int Workers { get; set; } = 64;
    /// <summary>An attempt still unanswered after this lets its worker go (it goes on alone) and marks its integration slow.</summary>
    public TimeSpan SlowAttemptAfter { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Requests in flight to an integration whose last attempt got no answer within <see cref="SlowAttemptAfter"/>.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Delivery:SlowIntegrationConcurrency must be at least 1.")]
    public int SlowIntegrationConcurrency { get; set; } = 2;
    /// <summary>Requests all slow integrations together may have in flight; beyond it they wait their turn in memory.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Delivery:MaxSlowInFlight must be at least 1.")]
    public int MaxSlowInFlight { get; set; } = 32;
    /// <summary>Retries stretch by ±this fraction so failed receivers are not hit in lockstep.</summary>
    [Range(0, 0.9, ErrorMessage = "Delivery:Jitter must be between 0 and 0.9.")]
    public double Jitter { get; set; } = 0.2;
    /// <summary>How long a node's claim on a delivery lasts: a node that dies gives its work back after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>False: this node serves the console and the API but sends nothing (a node kept for the UI, or tests of what is queued).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>How often the due sweep looks for due work it was not told about (other nodes' retries, lapsed claims).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

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
}
