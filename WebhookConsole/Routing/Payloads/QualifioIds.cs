using System.Globalization;
using System.Text.Json;

namespace WebhookConsole.Routing.Payloads;

/// <summary>
/// Qualifio's schema types its campaign, website, form field, opt-in, question and response ids as integers, so a receiver
/// may parse them as numbers: a numeric id goes out as a JSON number whether the platform sent `123` or `"123"`. An id
/// that is not a plain integer (`"cmp-1"`, `"0123"`, `12.5`) stays text, so nothing is lost.
/// </summary>
public static class QualifioIds
{
    /// <summary>Writes the id from the sender's token when there is one, else from <paramref name="fallback"/>.</summary>
    public static void Write(Utf8JsonWriter w, string name, JsonElement token, string fallback)
    {
        var text = token.ValueKind switch
        {
            JsonValueKind.Number => token.GetRawText(),
            JsonValueKind.String => token.GetString()!,
            _ => fallback,
        };
        if (AsInteger(text) is { } n) w.WriteNumber(name, n);
        else w.WriteString(name, text);
    }

    /// <summary>The integer a canonical decimal text stands for ("42", not "042", "+42" or "4.2"); null otherwise.</summary>
    public static long? AsInteger(string? text) =>
        text is { Length: > 0 and <= 18 } && (text == "0" || text[0] != '0')
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>An array of objects as sent, their `id` written as <see cref="Write"/> does and every other property unchanged.</summary>
    public static void CopyObjects(Utf8JsonWriter w, string name, JsonElement array)
    {
        w.WriteStartArray(name);
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                item.WriteTo(w);
                continue;
            }
            w.WriteStartObject();
            foreach (var property in item.EnumerateObject())
                if (property.Name == "id" && property.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String) Write(w, "id", property.Value, "");
                else property.WriteTo(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
