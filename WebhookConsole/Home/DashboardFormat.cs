using System.Globalization;

namespace WebhookConsole.Home;

/// <summary>How the dashboard words and colours its figures, shared by its cards and tables.</summary>
public static class DashboardFormat
{
    /// <summary>The statuses charted and totalled, in stacking order.</summary>
    public static readonly DeliveryStatus[] ChartStatuses = [DeliveryStatus.Succeeded, DeliveryStatus.Failed, DeliveryStatus.Retrying, DeliveryStatus.Pending, DeliveryStatus.Scheduled];
    /// <summary>The status table lists every status its total counts, so the rows add up to it.</summary>
    public static readonly DeliveryStatus[] TableStatuses = [.. ChartStatuses, DeliveryStatus.Sending, DeliveryStatus.Skipped, DeliveryStatus.Superseded];

    /// <summary>What the success rate counts (StatusCounts.SuccessRate), said where the rate is shown.</summary>
    public const string RateDefinition =
        "Succeeded out of succeeded and failed. Retrying ones count once they end; a failure that was replayed counts by its replay.";

    /// <summary>"87.2 %", "75 %"; 99.96 % shows as 99.9 %, never rounded up to a perfect 100 %.</summary>
    public static string Percent(double? rate) => rate is { } r
        ? (Math.Floor(r * 1000) / 10).ToString("0.#", CultureInfo.InvariantCulture) + " %"
        : "—";

    public static string RateColor(double? rate) => rate switch
    {
        null => "inherit",
        >= 0.99 => "#16a34a",
        >= 0.9 => "#d97706",
        _ => "#dc2626",
    };
}
