using System.Globalization;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;
using WebhookConsole.Routing;

namespace WebhookConsole.EventLogs;

/// <summary>The one set of rules for delivery filters. Error keys are the API's field names.</summary>
public static class DeliveryFilterRules
{
    public static Dictionary<string, string[]> TryParse(DeliveryQuery q, out DeliveryFilter filter)
    {
        var errors = new Dictionary<string, string[]>();
        var statuses = ParseStatuses(q.Status, errors);
        var eventType = Clean(q.EventType);
        if (eventType is not null && !EventTypes.IsKnown(eventType))
            errors["eventType"] = [$"Unknown event type '{eventType}'. Use one of: {string.Join(", ", EventTypes.All)}."];
        var from = ParseTime(q.From, "from", errors);
        var to = ParseTime(q.To, "to", errors);
        if (from is not null && to is not null && to <= from)
            errors["to"] = ["'to' must be later than 'from'."];
        CheckLength(q.IntegrationId, "integrationId", 64, errors);
        CheckLength(q.EventId, "eventId", 64, errors);
        CheckLength(q.Search, "search", 128, errors);

        filter = new DeliveryFilter
        {
            Statuses = statuses,
            IntegrationId = Clean(q.IntegrationId),
            EventType = eventType,
            EventId = Clean(q.EventId),
            From = from,
            To = to,
            Search = Clean(q.Search),
        };
        return errors;
    }

    public static Dictionary<string, string[]> Validate(DeliveryFilter f)
    {
        var errors = new Dictionary<string, string[]>();
        if (f.EventType is not null && !EventTypes.IsKnown(f.EventType))
            errors["eventType"] = [$"Unknown event type '{f.EventType}'. Use one of: {string.Join(", ", EventTypes.All)}."];
        if (f.From is not null && f.To is not null && f.To <= f.From)
            errors["to"] = ["'to' must be later than 'from'."];
        return errors;
    }

    /// <summary>`limit`: 1–500, 50 when absent.</summary>
    public static int ParseLimit(string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return DeliveryQuery.DefaultLimit;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= DeliveryQuery.MaxLimit)
            return limit;
        errors["limit"] = [$"'limit' must be a whole number from 1 to {DeliveryQuery.MaxLimit}."];
        return DeliveryQuery.DefaultLimit;
    }

    /// <summary>`cursor`: the opaque value of a previous page's `nextCursor`.</summary>
    public static string? ParseCursor(string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DeliveryCursor.TryDecode(value.Trim(), out var afterId)) return afterId;
        errors["cursor"] = ["'cursor' is not valid: pass the 'nextCursor' of a previous page unchanged."];
        return null;
    }

    private static List<DeliveryStatus> ParseStatuses(string? value, Dictionary<string, string[]> errors)
    {
        var list = new List<DeliveryStatus>();
        if (string.IsNullOrWhiteSpace(value)) return list;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var expanded = DeliveryViews.Expand(part);
            if (expanded.Count == 0)
            {
                errors["status"] = [StatusMessage(part)];
                return [];
            }
            list.AddRange(expanded.Where(s => !list.Contains(s)));
        }
        return list;
    }

    private static string StatusMessage(string value) =>
        $"Unknown status '{value}'. Use one of: {string.Join(", ", DeliveryStatuses.AllNames)} (several separated by commas), or {DeliveryViews.Failing} for retrying and failed.";

    private static DateTimeOffset? ParseTime(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        errors[field] = [$"'{field}' must be an ISO 8601 date and time such as 2026-01-31T12:00:00Z."];
        return null;
    }

    private static void CheckLength(string? value, string field, int max, Dictionary<string, string[]> errors)
    {
        if (value is not null && value.Trim().Length > max) errors[field] = [$"'{field}' must be at most {max} characters."];
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
