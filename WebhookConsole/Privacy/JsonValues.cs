using System.Text;
using System.Text.Json;

namespace WebhookConsole.Privacy;

/// <summary>Looks for a value anywhere in a JSON document: every string and number, at any depth.</summary>
public static class JsonValues
{
    public static bool Contains(string json, Func<string, bool> match)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Contains(doc.RootElement, match);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A body as captured: JSON when it parses, otherwise any match as plain text (form posts, truncated bodies).</summary>
    public static bool BodyContains(byte[] body, IReadOnlyCollection<string> values)
    {
        if (body.Length == 0 || values.Count == 0) return false;
        try
        {
            using var doc = JsonDocument.Parse(body);
            return Contains(doc.RootElement, values.Contains);
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(body);
            return values.Any(v => text.Contains(v, StringComparison.OrdinalIgnoreCase));
        }
    }

    public static bool Contains(JsonElement element, Func<string, bool> match) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => Contains(p.Value, match)),
        JsonValueKind.Array => element.EnumerateArray().Any(e => Contains(e, match)),
        JsonValueKind.String => match(element.GetString()!),
        JsonValueKind.Number => match(element.GetRawText()),
        _ => false,
    };
}
