using System.Text;
using WebhookConsole.Components.Shared;
using WebhookConsole.Ingest;
using WebhookConsole.Routing;

namespace WebhookConsole.EventLogs;

/// <summary>A filter in words, for the event logs' filter bar and the bulk replay dialog.</summary>
public static class DeliveryFilterText
{
    /// <summary>"Showing failed deliveries to Acme CRM created in the last 7 days."; without "Showing" for the dialog.</summary>
    public static string Describe(DeliveryFilter filter, IReadOnlyDictionary<string, string> integrationNames, bool forDialog = false)
    {
        var sb = new StringBuilder(forDialog ? "" : "Showing ");
        if (DeliveryViews.IsFailing(filter.Statuses)) sb.Append("failing (retrying or failed) ");
        else if (filter.Statuses.Count > 0) sb.Append(string.Join(" or ", filter.Statuses.Select(DeliveryStatusUi.StatusLabel)).ToLowerInvariant()).Append(' ');
        sb.Append("deliveries");
        if (filter.EventType is { } t) sb.Append(" of “").Append(EventTypes.Label(t)).Append('”');
        if (filter.IntegrationId is { } i) sb.Append(" to ").Append(integrationNames.GetValueOrDefault(i, i));
        if (filter.Range == DeliveryRanges.Custom && filter.From is { } from)
            sb.Append($" created {from:yyyy-MM-dd} – {(filter.To ?? from.AddDays(1)).AddDays(-1):yyyy-MM-dd} (UTC)");
        else if (filter.Range is { } range) sb.Append(" created in the ").Append(DeliveryRanges.Label(range).ToLowerInvariant());
        if (filter.Search is { } q) sb.Append(" matching “").Append(q).Append('”');
        var text = sb.Append('.').ToString();
        return forDialog ? char.ToUpperInvariant(text[0]) + text[1..] : text;
    }
}
