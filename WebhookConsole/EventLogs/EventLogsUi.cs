using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using MudBlazor;
using WebhookConsole.Ingest;
using WebhookConsole.Routing;

namespace WebhookConsole.EventLogs;

/// <summary>How the event logs, the detail view and the dashboard show statuses, times and JSON.</summary>
public static class EventLogsUi
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

    public static string EventLabel(string type) => EventTypes.Label(type);

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string TimeWithZone(DateTimeOffset t) => Time(t) + " UTC";

    /// <summary>"just now", "4 min ago", "in 3 h", "2 d ago".</summary>
    public static string Relative(DateTimeOffset t, DateTimeOffset now)
    {
        var d = now - t;
        var future = d < TimeSpan.Zero;
        var a = future ? -d : d;
        if (a < TimeSpan.FromSeconds(45)) return future ? "in a few seconds" : "just now";
        string text = a < TimeSpan.FromMinutes(59.5) ? $"{Math.Max(1, (int)Math.Round(a.TotalMinutes))} min"
            : a < TimeSpan.FromHours(23.5) ? $"{(int)Math.Round(a.TotalHours)} h"
            : $"{(int)Math.Round(a.TotalDays)} d";
        return future ? "in " + text : text + " ago";
    }

    public static string Duration(int ms) => ms < 1000 ? $"{ms} ms" : $"{ms / 1000.0:0.0#} s";

    public static string Bytes(int bytes) => bytes < 1024 ? $"{bytes} B" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes / (1024.0 * 1024):0.#} MB";

    public static string PrettyJson(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : JsonSerializer.Serialize(element, Pretty);

    /// <summary>The text pretty-printed when it is JSON, unchanged otherwise.</summary>
    public static string PrettyIfJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return text ?? "";
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '[')) return text;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(doc.RootElement, Pretty);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>Header name/value pairs of a JSON object of headers (values may be strings or arrays).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(JsonElement? headers)
    {
        if (headers is not { ValueKind: JsonValueKind.Object } obj) return [];
        return obj.EnumerateObject()
            .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString() ?? "",
                JsonValueKind.Array => string.Join(", ", p.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                _ => p.Value.GetRawText(),
            }))
            .ToList();
    }

    public static string AttemptOutcome(AttemptItem a) =>
        a.StatusCode is { } code ? $"HTTP {code}" : string.IsNullOrEmpty(a.Error) ? "No response" : a.Error;

    public static bool AttemptSucceeded(AttemptItem a) => a.StatusCode is >= 200 and < 300;
}
