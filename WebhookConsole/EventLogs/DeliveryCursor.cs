using System.Text;

namespace WebhookConsole.EventLogs;

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
