namespace WebhookConsole.EventLogs;

/// <summary>
/// Named sets of statuses: one click in the event logs, and accepted wherever a status filter is (`status=failing`).
/// A receiver answering 500 leaves a delivery <c>retrying</c> for hours before it is <c>failed</c>; "failing" finds both.
/// </summary>
public static class DeliveryViews
{
    public const string Failing = "failing";

    /// <summary>The last attempt failed with an error: more are scheduled (retrying) or none are left (failed).</summary>
    public static readonly IReadOnlyList<DeliveryStatus> FailingStatuses = [DeliveryStatus.Retrying, DeliveryStatus.Failed];

    public const string FailingMeaning = "retrying or failed: the last attempt got an error";

    public static bool IsFailing(IReadOnlyCollection<DeliveryStatus> statuses) =>
        statuses.Count == FailingStatuses.Count && FailingStatuses.All(statuses.Contains);

    /// <summary>A status or view name as statuses (`failing` → retrying, failed); empty when it is neither.</summary>
    public static IReadOnlyList<DeliveryStatus> Expand(string value)
    {
        var s = value.Trim().ToLowerInvariant();
        if (s == Failing) return FailingStatuses;
        return DeliveryStatuses.FromName(s) is { } status ? [status] : [];
    }
}
