using System.Text.Json.Serialization;

namespace WebhookConsole.Signatures;

/// <summary>`POST /api/v1/signatures/verify`: the secret, the raw body as received, and the request's headers.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SignatureVerifyRequest(string? Secret, string? Body, Dictionary<string, string>? Headers);

/// <summary>
/// Both checks side by side, and what probably went wrong when they fail. Never carries the secret: only HMACs of it.
/// </summary>
public sealed record SignatureReport(QualifioCheck Qualifio, StandardWebhooksCheck StandardWebhooks, IReadOnlyList<SignatureDiagnosis> Diagnoses)
{
    /// <summary>Every signature the request carries verifies (and there is at least one).</summary>
    public bool Valid => (Qualifio.Present || StandardWebhooks.Present) && (!Qualifio.Present || Qualifio.Valid) && (!StandardWebhooks.Present || StandardWebhooks.Valid);
}

/// <summary>`X-Qualifio-Signature` (or `Delivery:SignatureHeader`): HMAC of the body under the whole secret string.</summary>
public sealed record QualifioCheck(string Header, bool Present, bool Valid, string Expected, string? Received, int BodyLength, string Key);

/// <summary>
/// `webhook-signature`: <paramref name="Valid"/> needs both a matching entry and a timestamp within 5 minutes, as the
/// `standardwebhooks` libraries require. <paramref name="SignedMessage"/> is `id.timestamp.body` as a string.
/// </summary>
public sealed record StandardWebhooksCheck(
    bool Present,
    bool Valid,
    bool SignatureMatches,
    bool TimestampValid,
    string? Expected,
    string? Received,
    string? WebhookId,
    string? Timestamp,
    string? SignedMessage,
    int BodyLength,
    string Key,
    string? Problem);

/// <summary>A likely cause: <paramref name="Cause"/> is one of <see cref="SignatureCauses"/>; the detail says what to change.</summary>
public sealed record SignatureDiagnosis(string Scheme, string Cause, string Detail);
