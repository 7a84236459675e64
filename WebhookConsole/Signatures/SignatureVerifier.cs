using System.Security.Cryptography;
using System.Text;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Signatures;

/// <summary>
/// Checks both signatures of a request the way a receiver should, with <see cref="WebhookSigner"/>'s own primitives, and
/// reports the expected values and what was signed. Pure: the moment the timestamp is judged at is given.
/// </summary>
public static class SignatureVerifier
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static SignatureReport Check(string secret, byte[] body, IReadOnlyDictionary<string, string> headers, DateTimeOffset at,
        string signatureHeader = "X-Qualifio-Signature")
    {
        var h = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        var qualifio = CheckQualifio(secret, body, signatureHeader, Value(h, signatureHeader));
        var standard = CheckStandard(secret, body, Value(h, "webhook-id"), Value(h, "webhook-timestamp"), Value(h, "webhook-signature"), at);
        return new SignatureReport(qualifio, standard, SignatureDiagnostics.Diagnose(secret, body, qualifio, standard, at));
    }

    private static QualifioCheck CheckQualifio(string secret, byte[] body, string header, string? received)
    {
        var expected = WebhookSigner.QualifioSignature(secret, body);
        var key = $"UTF-8 bytes of the whole secret string{(secret.StartsWith("whsec_", StringComparison.Ordinal) ? ", whsec_ included" : "")} ({Encoding.UTF8.GetByteCount(secret)} bytes)";
        return new QualifioCheck(header, received is not null, received is not null && SameText(received, expected), expected, received, body.Length, key);
    }

    private static StandardWebhooksCheck CheckStandard(string secret, byte[] body, string? id, string? timestamp, string? received, DateTimeOffset at)
    {
        var keyBytes = WebhookSigner.KeyOf(secret);
        var key = IsBase64Secret(secret)
            ? $"base64-decoded part after whsec_ ({keyBytes.Length} bytes)"
            : $"UTF-8 bytes of the secret ({keyBytes.Length} bytes; a whsec_ secret would be base64-decoded)";
        if (id is null || timestamp is null)
        {
            var missing = string.Join(" and ", new[] { id is null ? "webhook-id" : null, timestamp is null ? "webhook-timestamp" : null }.OfType<string>());
            return new StandardWebhooksCheck(received is not null, false, false, false, null, received, id, timestamp, null, body.Length, key,
                $"{missing} {(missing.Contains(" and ") ? "are" : "is")} missing: the signed message is webhook-id.webhook-timestamp.body.");
        }
        var message = WebhookSigner.StandardMessage(id, timestamp, body);
        var expected = WebhookSigner.StandardEntry(keyBytes, message);
        var matches = received is not null && Entries(received).Any(e => SameText(e, expected));
        string? problem = null;
        var timestampValid = long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds);
        if (!timestampValid) problem = "webhook-timestamp is not a number of Unix seconds.";
        else if (seconds > MaxUnixSeconds)
        {
            timestampValid = false;
            problem = "webhook-timestamp is past the year 9999: not a time a sender could have signed at.";
        }
        else if (Math.Abs(at.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            timestampValid = false;
            problem = $"webhook-timestamp is {Describe(at - DateTimeOffset.FromUnixTimeSeconds(seconds))}: outside the 5 minutes receivers accept.";
        }
        return new StandardWebhooksCheck(received is not null, matches && timestampValid, matches, timestampValid, expected, received, id, timestamp,
            Encoding.UTF8.GetString(message), body.Length, key, problem);
    }

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>The entries of a `webhook-signature` header (one per live secret during a rotation).</summary>
    public static string[] Entries(string header) => header.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    internal static bool SameText(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a.Trim()), Encoding.UTF8.GetBytes(b));

    internal static bool IsBase64Secret(string secret) =>
        secret.StartsWith("whsec_", StringComparison.Ordinal) && !WebhookSigner.KeyOf(secret).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(secret));

    private static string? Value(Dictionary<string, string> headers, string name) => headers.TryGetValue(name, out var v) ? v.Trim() : null;

    private static string Describe(TimeSpan offset)
    {
        var abs = offset.Duration();
        // Near the 5-minute limit in minutes and seconds, so "5 minutes old" never reads as outside 5 minutes.
        var amount = abs.TotalDays >= 2 ? $"{abs.TotalDays:0} days" : abs.TotalHours >= 2 ? $"{abs.TotalHours:0} hours"
            : abs.TotalMinutes >= 30 ? $"{abs.TotalMinutes:0} minutes" : $"{(int)abs.TotalMinutes} min {abs.Seconds} s";
        return offset >= TimeSpan.Zero ? $"{amount} old" : $"{amount} in the future";
    }
}
