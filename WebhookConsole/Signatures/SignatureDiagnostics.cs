using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Signatures;

/// <summary>
/// Names the usual cause of a failed check by re-signing likely variants and comparing with what was received: the
/// body re-serialised (compact or indented JSON), whitespace trimmed or added, the key taken in the other form.
/// </summary>
internal static class SignatureDiagnostics
{
    private sealed record Variant(string Cause, string Description, byte[] Body);

    public static IReadOnlyList<SignatureDiagnosis> Diagnose(string secret, byte[] body, QualifioCheck qualifio, StandardWebhooksCheck standard, DateTimeOffset at)
    {
        var found = new List<SignatureDiagnosis>();
        if (!qualifio.Present && !standard.Present)
            found.Add(new("both", SignatureCauses.Missing, $"Neither {qualifio.Header} nor webhook-signature is among the headers: the request was not signed (the integration has no secret?) or the headers were not copied."));

        if (qualifio.Present && !qualifio.Valid)
            found.Add(DiagnoseQualifio(secret, body, qualifio));
        if (standard.Present && !standard.SignatureMatches && standard.Expected is not null)
            found.Add(DiagnoseStandard(secret, body, standard));
        if (standard.Present && standard.Timestamp is not null && !standard.TimestampValid)
            found.Add(new("webhook-signature", SignatureCauses.StaleTimestamp,
                $"{standard.Problem} Judged at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC. A replayed or stored request fails this check by design; otherwise the receiver's clock is off."));
        return found;
    }

    private static SignatureDiagnosis DiagnoseQualifio(string secret, byte[] body, QualifioCheck check)
    {
        var received = check.Received!.Trim();
        if (string.Equals(received, check.Expected, StringComparison.OrdinalIgnoreCase) || received == check.Expected["sha256=".Length..])
            return new(check.Header, SignatureCauses.WrongFormat, $"The HMAC is right but written differently: the header is sha256= followed by lowercase hex ({check.Expected}).");
        foreach (var v in Variants(body))
            if (SignatureVerifier.SameText(received, WebhookSigner.QualifioSignature(secret, v.Body)))
                return new(check.Header, v.Cause, $"The signature matches the body {v.Description}, not the bytes given. {Advice}");
        if (SignatureVerifier.IsBase64Secret(secret) && SignatureVerifier.SameText(received, WebhookSigner.QualifioSignature(WebhookSigner.KeyOf(secret), body)))
            return new(check.Header, SignatureCauses.WrongKeyForm,
                $"It was made with the base64-decoded part after whsec_ as the key. {check.Header} uses the whole secret string as UTF-8, whsec_ included (webhook-signature is the one with the decoded key).");
        return NoMatch(check.Header);
    }

    private static SignatureDiagnosis DiagnoseStandard(string secret, byte[] body, StandardWebhooksCheck check)
    {
        var entries = SignatureVerifier.Entries(check.Received!);
        bool Matches(byte[] key, byte[] b) => entries.Any(e => SignatureVerifier.SameText(e, WebhookSigner.StandardEntry(key, WebhookSigner.StandardMessage(check.WebhookId!, check.Timestamp!, b))));
        var key = WebhookSigner.KeyOf(secret);
        foreach (var v in Variants(body))
            if (Matches(key, v.Body))
                return new("webhook-signature", v.Cause, $"The signature matches the body {v.Description}, not the bytes given. {Advice}");
        if (SignatureVerifier.IsBase64Secret(secret) && Matches(Encoding.UTF8.GetBytes(secret), body))
            return new("webhook-signature", SignatureCauses.WrongKeyForm,
                "It was made with the whole whsec_… string as UTF-8 key. Standard Webhooks uses the bytes base64-decoded from after whsec_ (X-Qualifio-Signature is the one with the whole string).");
        return NoMatch("webhook-signature");
    }

    private const string Advice = "Verify over the raw request bytes exactly as received, before any JSON parsing, and do not copy bodies through a pretty-printer.";

    private static SignatureDiagnosis NoMatch(string scheme) => new(scheme, SignatureCauses.NoMatch,
        "No usual variation matches: the secret is probably not the one that signed it (another integration's, or one rotated away more than 24 h ago), or the body's content was changed.");

    /// <summary>The body as a receiver or a copy-and-paste commonly changes it; each differs from the bytes given.</summary>
    private static IEnumerable<Variant> Variants(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var seen = new HashSet<string> { text };
        var candidates = new List<(string Cause, string Description, string? Text)>
        {
            (SignatureCauses.TrimmedWhitespace, "with surrounding whitespace trimmed", text.Trim()),
            (SignatureCauses.TrimmedWhitespace, "with a trailing newline", text + "\n"),
            (SignatureCauses.TrimmedWhitespace, "with a trailing CRLF", text + "\r\n"),
            (SignatureCauses.TrimmedWhitespace, "with CRLF line ends turned into LF", text.Replace("\r\n", "\n")),
            (SignatureCauses.TrimmedWhitespace, "with LF line ends turned into CRLF", text.Replace("\r\n", "\n").Replace("\n", "\r\n")),
        };
        if (TryParse(text) is { } node)
        {
            candidates.Add((SignatureCauses.ReserialisedJson, "re-serialised as compact JSON", node.ToJsonString(Relaxed(false, 0))));
            candidates.Add((SignatureCauses.ReserialisedJson, "re-serialised as compact JSON with escaped non-ASCII", node.ToJsonString()));
            candidates.Add((SignatureCauses.ReserialisedJson, "re-serialised as indented JSON (2 spaces)", node.ToJsonString(Relaxed(true, 2))));
            candidates.Add((SignatureCauses.ReserialisedJson, "re-serialised as indented JSON (4 spaces)", node.ToJsonString(Relaxed(true, 4))));
        }
        foreach (var (cause, description, variant) in candidates)
            if (variant is not null && seen.Add(variant))
                yield return new Variant(cause, description, Encoding.UTF8.GetBytes(variant));
    }

    private static JsonSerializerOptions Relaxed(bool indented, int indent) => new()
    {
        WriteIndented = indented,
        IndentSize = Math.Max(indent, 1),
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }
}
