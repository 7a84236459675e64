using System.Globalization;
using System.Text;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;

namespace WebhookConsole.EventLogs;

/// <summary>
/// What the event logs, the deliveries API, the CSV export and bulk replay select. Every part is optional and they
/// combine with AND. <see cref="Search"/> matches a delivery id, event id, participation / member id or webhook-id exactly.
/// </summary>
public sealed record DeliveryFilter
{
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public string? IntegrationId { get; init; }
    public string? EventType { get; init; }
    public string? EventId { get; init; }
    /// <summary>Created at or after (inclusive).</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Created before (exclusive).</summary>
    public DateTimeOffset? To { get; init; }
    public string? Search { get; init; }

    public static DeliveryFilter None { get; } = new();

    public bool IsEmpty => Statuses.Count == 0 && IntegrationId is null && EventType is null && EventId is null && From is null && To is null && Search is null;
}

/// <summary>Query-string form of a filter, shared by the API and the CSV export. All values arrive as text and are validated here.</summary>
public sealed record DeliveryQuery(string? Status, string? IntegrationId, string? EventType, string? EventId, string? From, string? To, string? Search)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}

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
        foreach (var s in f.Statuses)
            if (!DeliveryStatus.All.Contains(s, StringComparer.Ordinal))
                errors["status"] = [StatusMessage(s)];
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

    private static List<string> ParseStatuses(string? value, Dictionary<string, string[]> errors)
    {
        var list = new List<string>();
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
        $"Unknown status '{value}'. Use one of: {string.Join(", ", DeliveryStatus.All)} (several separated by commas), or {DeliveryViews.Failing} for retrying and failed.";

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

/// <summary>Opaque keyset cursor: the last delivery id of a page, versioned and base64url-encoded.</summary>
public static class DeliveryCursor
{
    private const string Version = "v1:";

    public static string Encode(string lastId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Version + lastId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string cursor, out string lastId)
    {
        lastId = "";
        if (cursor.Length is 0 or > 200) return false;
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        Span<byte> bytes = stackalloc byte[200];
        if (!Convert.TryFromBase64String(base64, bytes, out var written)) return false;
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes[..written]); }
        catch (DecoderFallbackException) { return false; }
        if (!text.StartsWith(Version, StringComparison.Ordinal) || text.Length == Version.Length) return false;
        lastId = text[Version.Length..];
        return true;
    }
}
