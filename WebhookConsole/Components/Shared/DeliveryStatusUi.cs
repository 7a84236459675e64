using MudBlazor;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Components.Shared;

/// <summary>How a delivery's status looks wherever it is shown: colour, icon, label, chart colour and meaning.</summary>
public static class DeliveryStatusUi
{
    public static Color StatusColor(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Succeeded => Color.Success,
        DeliveryStatus.Failed => Color.Error,
        DeliveryStatus.Retrying => Color.Warning,
        DeliveryStatus.Pending or DeliveryStatus.Sending => Color.Info,
        DeliveryStatus.Skipped => Color.Secondary,
        _ => Color.Default,
    };

    public static string StatusIcon(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Succeeded => Icons.Material.Filled.CheckCircle,
        DeliveryStatus.Failed => Icons.Material.Filled.Error,
        DeliveryStatus.Retrying => Icons.Material.Filled.Autorenew,
        DeliveryStatus.Pending => Icons.Material.Filled.HourglassTop,
        DeliveryStatus.Sending => Icons.Material.Filled.Send,
        DeliveryStatus.Skipped => Icons.Material.Filled.PauseCircle,
        DeliveryStatus.Superseded => Icons.Material.Filled.SwapHoriz,
        _ => Icons.Material.Filled.Schedule,
    };

    /// <summary>
    /// A failed delivery that made every attempt the schedule allows (the first and <paramref name="retries"/> retries) is
    /// "Failed — blocked after N retries"; the status value stays `failed`.
    /// </summary>
    public static string StatusLabel(DeliveryStatus status, int? attemptCount, int retries) =>
        status == DeliveryStatus.Failed && attemptCount > retries ? $"Failed — blocked after {retries} {(retries == 1 ? "retry" : "retries")}" : StatusLabel(status);

    public static string StatusLabel(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Succeeded => "Succeeded",
        DeliveryStatus.Failed => "Failed",
        DeliveryStatus.Retrying => "Retrying",
        DeliveryStatus.Pending => "Pending",
        DeliveryStatus.Scheduled => "Scheduled",
        DeliveryStatus.Sending => "Sending",
        DeliveryStatus.Skipped => "Skipped",
        DeliveryStatus.Superseded => "Superseded",
        _ => status.Name(),
    };

    /// <summary>Chart and legend colours per status, in <see cref="DeliveryStatuses.All"/> order.</summary>
    public static string StatusHex(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Succeeded => "#16a34a",
        DeliveryStatus.Failed => "#dc2626",
        DeliveryStatus.Retrying => "#d97706",
        DeliveryStatus.Pending => "#0284c7",
        DeliveryStatus.Sending => "#0ea5e9",
        DeliveryStatus.Skipped => "#7c3aed",
        DeliveryStatus.Superseded => "#64748b",
        _ => "#94a3b8",
    };

    /// <summary>What each status means, for the status filter.</summary>
    public static string StatusMeaning(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Scheduled => "held back until its delay ends",
        DeliveryStatus.Pending => "waiting for its first attempt",
        DeliveryStatus.Sending => "an attempt is under way",
        DeliveryStatus.Succeeded => "the receiver answered 2xx",
        DeliveryStatus.Retrying => "an attempt failed; another is scheduled",
        DeliveryStatus.Failed => "every retry failed; replay it once fixed",
        DeliveryStatus.Skipped => "its integration was inactive; replayable",
        DeliveryStatus.Superseded => "a replay took over before its next retry",
        _ => status.Name(),
    };
}
