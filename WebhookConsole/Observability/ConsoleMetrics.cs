using System.Diagnostics;
using System.Diagnostics.Metrics;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Observability;

/// <summary>
/// The console's own instruments on the `WebhookConsole` meter, exported as `webhookconsole_*` on /metrics. Static and
/// allocation-free on the hot path: one <c>Add</c> with pre-built tags per attempt, cache lookup or sweep.
/// Queue depths are observed at scrape time (<see cref="QueueGauges"/>).
/// </summary>
public static class ConsoleMetrics
{
    public const string MeterName = "WebhookConsole";
    public static readonly Meter Meter = new(MeterName, typeof(ConsoleMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Attempt durations in seconds, from a few ms (a local receiver) to the 15 s timeout and beyond.</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("webhookconsole.attempts", "{attempt}",
        "Delivery attempts by outcome (succeeded, failed, timeout, refused, dns, tls, blocked, redirect, error) and integration.");
    private static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram("webhookconsole.attempt.duration", "s",
        "Time from sending an attempt to its complete response (or its error).", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    private static readonly Counter<long> IngestEvents = Meter.CreateCounter<long>("webhookconsole.ingest.events", "{event}",
        "Events accepted by the events API (a repeated idempotency key not counted), by type.");
    private static readonly Counter<long> SweepClaims = Meter.CreateCounter<long>("webhookconsole.sweep.claims", "{delivery}",
        "Deliveries claimed by the due sweep (retries, scheduled deliveries, lapsed claims).");
    private static readonly Counter<long> LostLeases = Meter.CreateCounter<long>("webhookconsole.leases.lost", "{claim}",
        "Claims that lapsed or were taken over by another node before this node could use or record them.");
    private static readonly Counter<long> SettingsLookups = Meter.CreateCounter<long>("webhookconsole.settings_cache.lookups", "{lookup}",
        "Integration settings lookups by the dispatcher, by result (hit: served from the cache; miss: read from the database).");

    private static readonly KeyValuePair<string, object?> Hit = new("result", "hit");
    private static readonly KeyValuePair<string, object?> Miss = new("result", "miss");

    public static void AttemptMade(string integrationId, SendResult result)
    {
        var tags = new TagList { { "outcome", OutcomeOf(result) }, { "integration", integrationId } };
        Attempts.Add(1, tags);
        AttemptDuration.Record(result.Attempt.DurationMs / 1000.0, tags);
    }

    public static void EventIngested(string type) => IngestEvents.Add(1, new KeyValuePair<string, object?>("type", type));

    public static void SweepClaimed(int count)
    {
        if (count > 0) SweepClaims.Add(count);
    }

    public static void LeaseLost() => LostLeases.Add(1);

    public static void SettingsLookup(bool hit) => SettingsLookups.Add(1, hit ? Hit : Miss);

    /// <summary>succeeded, failed (an HTTP answer other than 2xx), redirect, or the error's kind (timeout, refused, dns, tls, blocked, error).</summary>
    public static string OutcomeOf(SendResult result)
    {
        if (result.Succeeded) return "succeeded";
        var attempt = result.Attempt;
        if (attempt.StatusCode is >= 300 and < 400) return "redirect";
        if (attempt.StatusCode is not null) return "failed";
        var error = attempt.Error ?? "";
        var colon = error.IndexOf(':');
        return colon > 0 && error[..colon] is "timeout" or "refused" or "dns" or "tls" or "blocked" ? error[..colon] : "error";
    }
}
