using System.ComponentModel;

namespace WebhookConsole.Integrations.Health;

/// <summary>GET /api/v1/integrations/{id}/stats: how an integration's attempts went over a window.</summary>
public sealed record IntegrationStats(
    [property: Description("Attempts started in the window.")] int Attempts,
    [property: Description("Attempts answered with a 2xx.")] int Succeeded,
    [property: Description("Attempts with any other answer, or none (timeout, refused, …).")] int Failed,
    [property: Description("Succeeded / attempts, 0–1; null without attempts.")] double? SuccessRate,
    [property: Description("Median attempt duration in ms (over the latest 10,000 attempts of the window); null without attempts.")] int? LatencyP50Ms,
    [property: Description("95th percentile attempt duration in ms (same sample).")] int? LatencyP95Ms,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    [property: Description("Failed attempts since the last success in the window (all failed ones when none succeeded).")] int ConsecutiveFailures,
    [property: Description("`active`, `inactive` or `blocked`.")] string State,
    [property: Description("The window asked for: `1h`, `24h` or `7d`.")] string Window,
    DateTimeOffset From,
    DateTimeOffset To,
    [property: Description("The window in equal slices, oldest first: attempts, successes and median latency of each (for charts).")] IReadOnlyList<StatsBucket> Buckets);

public sealed record StatsBucket(DateTimeOffset Start, int Attempts, int Succeeded, int? LatencyP50Ms);

/// <summary>One attempt as the Health tab lists it.</summary>
public sealed record RecentAttempt(string DeliveryId, string EventType, int Number, DateTimeOffset StartedAt, int DurationMs, int? StatusCode, string? Error)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>What unblocking did: the integration, and how many deliveries were skipped while it was blocked (replayable).</summary>
public sealed record UnblockResult(IntegrationDto Integration, int Skipped);
