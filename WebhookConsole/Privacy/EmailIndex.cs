using System.Text;
using System.Text.Json;

namespace WebhookConsole.Privacy;

/// <summary>
/// The blind index of the e-mail address an event is about: a keyed hash (<see cref="AtRestCipher.BlindIndex"/>) of the
/// address trimmed and lower-cased, stored beside the encrypted data so erasure and search find a person's events by
/// equality on an indexed column instead of opening every row. An event without an address stores <see cref="None"/>
/// (indexed, nothing to find); events stored before the index existed hold null and are still searched the slow way.
/// </summary>
public static class EmailIndex
{
    public const string None = "";
    public const int MaxLength = 320;

    /// <summary>Trimmed and lower-cased, so "Jane.Doe@Example.com " and "jane.doe@example.com" index alike.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Something shaped like an address: text before and after one @, no spaces, not too long.</summary>
    public static bool LooksLikeEmail(string value)
    {
        var v = value.AsSpan().Trim();
        var at = v.IndexOf('@');
        return at > 0 && at < v.Length - 1 && v.Length <= MaxLength && v.LastIndexOf('@') == at && !v.ContainsAny(" \t\r\n");
    }

    /// <summary>The hash to look an address up by.</summary>
    public static string Of(AtRestCipher cipher, string email) => cipher.BlindIndex(Normalize(email));

    /// <summary>The hash of the first address in an event's data (any depth, any field name), or <see cref="None"/>.</summary>
    public static string OfData(AtRestCipher cipher, string dataJson) => FirstEmail(dataJson) is { } email ? Of(cipher, email) : None;

    /// <summary>
    /// As <see cref="OfData(AtRestCipher, string)"/>, reading the data as parsed already when it is (ingest) instead of
    /// tokenizing its text again; the same answer, the text's quick "no @ at all" check included.
    /// </summary>
    public static string OfData(AtRestCipher cipher, string dataJson, JsonElement? parsed)
    {
        if (parsed is not { } data) return OfData(cipher, dataJson);
        return dataJson.Contains('@') && FirstEmail(data) is { } email ? Of(cipher, email) : None;
    }

    /// <summary>The first string value, in document order, that looks like an address.</summary>
    public static string? FirstEmail(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString() is { } text && LooksLikeEmail(text) ? text : null;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                    if (FirstEmail(property.Value) is { } found) return found;
                return null;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                    if (FirstEmail(item) is { } found) return found;
                return null;
            default:
                return null;
        }
    }

    public static string? FirstEmail(string json)
    {
        if (!json.Contains('@')) return null;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        try
        {
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } text && LooksLikeEmail(text))
                    return text;
        }
        catch (JsonException)
        {
            // stored data is always JSON; anything else has no address to index
        }
        return null;
    }
}
