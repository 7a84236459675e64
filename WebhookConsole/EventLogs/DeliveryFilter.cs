using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using WebhookConsole.Ingest;
using WebhookConsole.Routing;

namespace WebhookConsole.EventLogs;

/// <summary>
/// What the event logs, the deliveries API, the CSV export and bulk replay select. Every part is optional and they
/// combine with AND. <see cref="Search"/> matches a delivery id, event id, participation / member id or webhook-id exactly, or an e-mail address through its blind index.
/// </summary>
public sealed record DeliveryFilter
{
    public IReadOnlyList<DeliveryStatus> Statuses { get; init; } = [];
    public string? IntegrationId { get; init; }
    public string? EventType { get; init; }
    public string? EventId { get; init; }
    /// <summary>Created at or after (inclusive).</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Created before (exclusive).</summary>
    public DateTimeOffset? To { get; init; }
    public string? Search { get; init; }
    /// <summary>
    /// The event logs' range by name (<see cref="DeliveryRanges"/>), null for any time. A relative one stays a name until
    /// <see cref="Resolve"/> so a bookmarked "last 24 hours" moves with the clock; "custom" keeps whole UTC days in From/To.
    /// </summary>
    public string? Range { get; init; }

    public static DeliveryFilter None { get; } = new();

    public bool IsEmpty => Statuses.Count == 0 && IntegrationId is null && EventType is null && EventId is null && From is null && To is null
                           && Search is null && Range is null;

    /// <summary>The filter to query with: a relative range becomes a From at <paramref name="now"/>.</summary>
    public DeliveryFilter Resolve(DateTimeOffset now) =>
        DeliveryRanges.Span(Range) is { } span ? this with { Range = null, From = now - span } : this with { Range = null };

    /// <summary>
    /// The event logs' URL query (<c>status, integrationId, eventType, range, from, to, q</c>, leading '?' optional). Unknown
    /// statuses, event types and ranges and unreadable days are ignored, as a hand-edited link should still open the page.
    /// </summary>
    public static DeliveryFilter FromQuery(string? query)
    {
        var values = QueryHelpers.ParseQuery(query);
        string? Get(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;

        var range = Get("range") is { } r && DeliveryRanges.IsKnown(r) && r != DeliveryRanges.Any ? r : null;
        var from = range == DeliveryRanges.Custom ? Day(Get("from")) : null;
        var eventType = Get("eventType");
        return new DeliveryFilter
        {
            Statuses = (Get("status") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .SelectMany(DeliveryViews.Expand).Distinct().ToList(),
            IntegrationId = Get("integrationId"),
            EventType = EventTypes.IsKnown(eventType) ? eventType : null,
            Range = range,
            From = from,
            To = from is { } f ? (Day(Get("to")) ?? f).AddDays(1) : null,
            Search = Get("q")?.Trim(),
        };
    }

    /// <summary>The event logs' URL query of this filter, without the '?'; <see cref="FromQuery"/> reads it back.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null) parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
        Add("status", Statuses.Count == 0 ? null : DeliveryViews.IsFailing(Statuses) ? DeliveryViews.Failing : string.Join(",", Statuses.Select(s => s.Name())));
        Add("integrationId", IntegrationId);
        Add("eventType", EventType);
        Add("range", Range);
        if (Range == DeliveryRanges.Custom && From is { } from)
        {
            Add("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("to", To is { } to ? to.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null);
        }
        Add("q", Search);
        return string.Join('&', parts);
    }

    /// <summary>The CSV export's query (the API's names, times in ISO 8601) of a resolved filter.</summary>
    public IReadOnlyDictionary<string, object?> ToExportParameters() => new Dictionary<string, object?>
    {
        ["status"] = Statuses.Count == 0 ? null : string.Join(",", Statuses.Select(s => s.Name())),
        ["integrationId"] = IntegrationId,
        ["eventType"] = EventType,
        ["from"] = From?.UtcDateTime.ToString("O"),
        ["to"] = To?.UtcDateTime.ToString("O"),
        ["search"] = Search,
    };

    private static DateTimeOffset? Day(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? new DateTimeOffset(DateTime.SpecifyKind(d.Date, DateTimeKind.Utc))
            : null;
}
