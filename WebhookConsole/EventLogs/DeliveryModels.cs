using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebhookConsole.EventLogs;

/// <summary>One row of the event logs and of `GET /api/v1/deliveries` (a contract: fields after `replayOf` are additions, none renamed; docs/decisions.md).</summary>
public sealed record DeliveryItem(
    string Id,
    string EventId,
    string EventType,
    string IntegrationId,
    DeliveryStatus Status,
    int AttemptCount,
    int? LastStatusCode,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    string? ReplayOf,
    string? SubjectId,
    string? LastError,
    DateTimeOffset UpdatedAt,
    string MessageId,
    // Created by a backfill of the integration.
    bool Backfill = false);

public sealed record DeliveryPage(IReadOnlyList<DeliveryItem> Items, string? NextCursor);

/// <summary>One attempt as the API and the detail view show it. Request headers were masked when recorded.</summary>
public sealed record AttemptItem(
    int Number,
    DateTimeOffset StartedAt,
    int DurationMs,
    int? StatusCode,
    JsonElement RequestHeaders,
    JsonElement? ResponseHeaders,
    string? ResponseBody,
    string? Error);

/// <summary>A delivery linked to another one by `replayOf`.</summary>
public sealed record ReplayLink(string Id, DeliveryStatus Status, DateTimeOffset CreatedAt);

/// <summary>`GET /api/v1/deliveries/{id}`: the list fields plus the payload (as JSON) and every attempt, oldest first.</summary>
public sealed record DeliveryDetail(
    string Id,
    string EventId,
    string EventType,
    string IntegrationId,
    DeliveryStatus Status,
    int AttemptCount,
    int? LastStatusCode,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    string? ReplayOf,
    string? SubjectId,
    string? LastError,
    DateTimeOffset UpdatedAt,
    string MessageId,
    // null once retention removed it (PayloadRemoved).
    JsonElement? Payload,
    bool PayloadRemoved,
    int PayloadBytes,
    IReadOnlyList<AttemptItem> Attempts,
    // Deliveries created by replaying this one, oldest first.
    IReadOnlyList<ReplayLink> Replays,
    bool Backfill = false)
{
    [JsonIgnore]
    public bool IsFinal => Status.IsAtRest();
}

/// <summary>An integration as the event logs name it.</summary>
public sealed record IntegrationRef(string Id, string Name, string Kind, bool Active);

/// <summary>Deliveries per status.</summary>
public sealed record StatusCounts(int Scheduled, int Pending, int Succeeded, int Retrying, int Failed)
{
    public static StatusCounts Zero { get; } = new(0, 0, 0, 0, 0);

    public int Sending { get; init; }
    public int Skipped { get; init; }
    public int Superseded { get; init; }

    /// <summary>Of <see cref="Failed"/>, those a replay took over: the replay's own outcome counts instead.</summary>
    public int FailedReplayed { get; init; }

    public int Total => Scheduled + Pending + Sending + Succeeded + Retrying + Failed + Skipped + Superseded;

    /// <summary>Failed deliveries nobody has replayed yet.</summary>
    public int FailedOpen => Failed - FailedReplayed;

    /// <summary>
    /// Succeeded out of the deliveries with a final outcome (succeeded, or failed and not replayed); null when none has one.
    /// Retrying ones have no outcome yet; a failure that was replayed counts once, by its replay; skipped and superseded
    /// ones were never the receiver's doing.
    /// </summary>
    public double? SuccessRate => Succeeded + FailedOpen == 0 ? null : (double)Succeeded / (Succeeded + FailedOpen);

    public int this[DeliveryStatus status] => status switch
    {
        DeliveryStatus.Scheduled => Scheduled,
        DeliveryStatus.Pending => Pending,
        DeliveryStatus.Succeeded => Succeeded,
        DeliveryStatus.Retrying => Retrying,
        DeliveryStatus.Failed => Failed,
        DeliveryStatus.Sending => Sending,
        DeliveryStatus.Skipped => Skipped,
        DeliveryStatus.Superseded => Superseded,
        _ => 0,
    };

    public StatusCounts Add(DeliveryStatus status, int count) => status switch
    {
        DeliveryStatus.Scheduled => this with { Scheduled = Scheduled + count },
        DeliveryStatus.Pending => this with { Pending = Pending + count },
        DeliveryStatus.Succeeded => this with { Succeeded = Succeeded + count },
        DeliveryStatus.Retrying => this with { Retrying = Retrying + count },
        DeliveryStatus.Failed => this with { Failed = Failed + count },
        DeliveryStatus.Sending => this with { Sending = Sending + count },
        DeliveryStatus.Skipped => this with { Skipped = Skipped + count },
        DeliveryStatus.Superseded => this with { Superseded = Superseded + count },
        _ => this,
    };

    public StatusCounts Plus(StatusCounts o) =>
        new(Scheduled + o.Scheduled, Pending + o.Pending, Succeeded + o.Succeeded, Retrying + o.Retrying, Failed + o.Failed)
        {
            Sending = Sending + o.Sending,
            Skipped = Skipped + o.Skipped,
            Superseded = Superseded + o.Superseded,
            FailedReplayed = FailedReplayed + o.FailedReplayed,
        };
}

/// <summary>Deliveries created in [Start, Start + bucket width).</summary>
public sealed record DashboardBucket(DateTimeOffset Start, StatusCounts Counts);

/// <summary>An integration's deliveries of the last days: <paramref name="Failed"/> counts failures nobody has replayed yet.</summary>
public sealed record FailingIntegration(string IntegrationId, string Name, int Failed, int Retrying, int Succeeded)
{
    /// <summary>As <see cref="StatusCounts.SuccessRate"/>: retrying ones have no outcome yet.</summary>
    public double? SuccessRate => Succeeded + Failed == 0 ? null : (double)Succeeded / (Succeeded + Failed);
}

public sealed record DashboardData(
    DateTimeOffset At,
    bool AnyDeliveries,
    StatusCounts Last24Hours,
    StatusCounts Last7Days,
    // 24 hourly buckets, the last one holding the current hour (UTC).
    IReadOnlyList<DashboardBucket> Hourly,
    // 7 daily buckets, the last one holding today (UTC).
    IReadOnlyList<DashboardBucket> Daily,
    // All deliveries still waiting: pending, retrying, scheduled (whenever created).
    StatusCounts Backlog,
    DateTimeOffset? OldestWaitingSince,
    IReadOnlyList<FailingIntegration> FailingMost,
    IReadOnlyList<DeliveryItem> RecentFailures);
