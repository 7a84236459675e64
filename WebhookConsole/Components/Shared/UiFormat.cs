using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace WebhookConsole.Components.Shared;

/// <summary>How every page shows times, durations, sizes, JSON and headers.</summary>
public static class UiFormat
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
}
