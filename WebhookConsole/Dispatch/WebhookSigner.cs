using System.Security.Cryptography;
using System.Text;

namespace WebhookConsole.Dispatch;

/// <summary>The two signatures a receiver can check: the legacy `sha256=` header and Standard Webhooks.</summary>
public static class WebhookSigner
{
    /// <summary>`sha256=` + lowercase hex HMAC-SHA256 of the raw body, key = UTF-8 bytes of the secret string.</summary>
    public static string QualifioSignature(string secret, ReadOnlySpan<byte> body) => QualifioSignature(Encoding.UTF8.GetBytes(secret), body);

    /// <summary>`sha256=` + lowercase hex HMAC-SHA256 of the body under these key bytes (the checker tries other key forms).</summary>
    public static string QualifioSignature(ReadOnlySpan<byte> key, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    /// <summary>
    /// Standard Webhooks `webhook-signature`: `v1,&lt;base64 HMAC&gt;` over `id.timestamp.body` per live secret,
    /// space-separated. Key = base64-decoded part after `whsec_`, or the UTF-8 bytes of any other secret.
    /// </summary>
    public static string StandardSignature(IEnumerable<string> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var content = StandardMessage(messageId, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), body);
        return string.Join(' ', secrets.Select(s => StandardEntry(KeyOf(s), content)));
    }

    /// <summary>The bytes Standard Webhooks signs: `id.timestamp.body`, the timestamp as the header carries it.</summary>
    public static byte[] StandardMessage(string messageId, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return content;
    }

    /// <summary>One `v1,&lt;base64 HMAC&gt;` entry over a signed message under these key bytes.</summary>
    public static string StandardEntry(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, message));

    public static byte[] KeyOf(string secret)
    {
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            try { return Convert.FromBase64String(secret["whsec_".Length..]); }
            catch (FormatException) { /* not base64 after the prefix: treat as a plain secret */ }
        }
        return Encoding.UTF8.GetBytes(secret);
    }
}
