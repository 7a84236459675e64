using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace WebhookConsole.Api;

/// <summary>
/// JSON may escape a lone UTF-16 surrogate ("\ud800") that no text can hold: reading it as a string throws. Such input
/// is bad input, found here before anything reads it, and answered with a 400 naming where it is.
/// </summary>
public static class JsonText
{
    public const string LoneSurrogate = "This text holds a lone UTF-16 surrogate (such as \\ud800 without its pair); send valid Unicode text.";

    /// <summary>The path (<c>data.items[2].name</c>) of the first string or property name that is not valid text; null when all are.</summary>
    public static string? FindInvalid(JsonElement element, string path = "")
    {
        // Text can only be invalid through an escape (\u…) or bytes that are not UTF-8: when the raw JSON has neither,
        // nothing inside needs reading one string at a time.
        if (path.Length == 0 && IsPlainText(JsonMarshal.GetRawUtf8Value(element))) return null;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                string? value = null;
                return IsText(() => value = element.GetString()) && IsValid(value) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!IsText(() => name = property.Name) || !IsValid(name)) return path;
                    if (FindInvalid(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } inside) return inside;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (FindInvalid(item, $"{path}[{index++}]") is { } inside) return inside;
                return null;
            default:
                return null;
        }
    }

    private static bool IsPlainText(ReadOnlySpan<byte> json) => json.IndexOf("\\u"u8) < 0 && Utf8.IsValid(json);

    /// <summary>Every surrogate in its pair (a property name is unescaped without that check).</summary>
    public static bool IsValid(string? text)
    {
        if (text is null) return true;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }

    private static bool IsText(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
