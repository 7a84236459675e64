using System.Globalization;
using System.Text;
using WebhookConsole.Dispatch;
using WebhookConsole.Signatures;

namespace WebhookConsole.Tests.Signatures;

/// <summary>The checker's verdicts and diagnoses against requests signed by the dispatcher's own signer.</summary>
[Trait("Lane", "Unit")]
public class SignatureVerifierTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_2b1c";
    private static readonly DateTimeOffset SentAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Body = """{"id":"evt_1","data":{"points":10,"name":"Zoë"}}""";

    private static Dictionary<string, string> Signed(string body, string? secret = null, byte[]? qualifioKey = null, byte[]? standardKey = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ts = SentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new()
        {
            ["X-Qualifio-Signature"] = qualifioKey is null ? WebhookSigner.QualifioSignature(secret ?? Secret, bytes) : WebhookSigner.QualifioSignature(qualifioKey, bytes),
            ["webhook-id"] = Id,
            ["webhook-timestamp"] = ts,
            ["webhook-signature"] = standardKey is null
                ? WebhookSigner.StandardSignature([secret ?? Secret], Id, SentAt.ToUnixTimeSeconds(), bytes)
                : WebhookSigner.StandardEntry(standardKey, WebhookSigner.StandardMessage(Id, ts, bytes)),
        };
    }

    private static SignatureReport Check(string body, Dictionary<string, string> headers, string secret = Secret, DateTimeOffset? at = null) =>
        SignatureVerifier.Check(secret, Encoding.UTF8.GetBytes(body), headers, at ?? SentAt.AddSeconds(3));

    [Theory]
    [InlineData("253402300800")] // 10000-01-01
    [InlineData("9223372036854775807")]
    public void A_timestamp_past_the_year_9999_is_explained_not_a_crash(string timestamp)
    {
        var headers = Signed(Body);
        headers["webhook-timestamp"] = timestamp;
        var report = Check(Body, headers);
        Assert.False(report.StandardWebhooks.Valid);
        Assert.Contains("past the year 9999", report.StandardWebhooks.Problem);
    }

    [Fact]
    public void A_correctly_signed_request_verifies_and_shows_what_was_signed()
    {
        var headers = Signed(Body);
        var report = Check(Body, headers);
        Assert.True(report.Valid);
        Assert.True(report.Qualifio.Valid);
        Assert.Equal(headers["X-Qualifio-Signature"], report.Qualifio.Expected);
        Assert.Equal(Encoding.UTF8.GetByteCount(Body), report.Qualifio.BodyLength);
        Assert.True(report.StandardWebhooks.Valid);
        Assert.Equal(headers["webhook-signature"], report.StandardWebhooks.Expected);
        Assert.Equal($"{Id}.{SentAt.ToUnixTimeSeconds()}.{Body}", report.StandardWebhooks.SignedMessage);
        Assert.Contains("base64-decoded", report.StandardWebhooks.Key);
        Assert.Contains("whsec_ included", report.Qualifio.Key);
        Assert.Empty(report.Diagnoses);
    }

    [Fact]
    public void During_a_rotation_any_entry_of_webhook_signature_may_match()
    {
        var headers = Signed(Body);
        headers["webhook-signature"] = WebhookSigner.StandardSignature(["whsec_" + Convert.ToBase64String(new byte[32]), Secret], Id, SentAt.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(Body));
        Assert.True(Check(Body, headers).StandardWebhooks.Valid);
    }

    [Fact]
    public void A_wrong_secret_fails_both_and_says_no_usual_variation_matches()
    {
        var report = Check(Body, Signed(Body), secret: "whsec_" + Convert.ToBase64String(new byte[32]));
        Assert.False(report.Valid);
        Assert.False(report.Qualifio.Valid);
        Assert.False(report.StandardWebhooks.SignatureMatches);
        Assert.Equal([SignatureCauses.NoMatch, SignatureCauses.NoMatch], report.Diagnoses.Select(d => d.Cause));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_body_re_serialised_as_json_is_named(bool signedCompact)
    {
        var indented = "{\n  \"id\": \"evt_1\",\n  \"data\": {\n    \"points\": 10,\n    \"name\": \"Zoë\"\n  }\n}";
        var (signed, given) = signedCompact ? (Body, indented) : (indented, Body);
        var report = Check(given, Signed(signed));
        Assert.False(report.Valid);
        Assert.All(report.Diagnoses, d => Assert.Equal(SignatureCauses.ReserialisedJson, d.Cause));
        Assert.Equal(2, report.Diagnoses.Count);
        Assert.Contains(signedCompact ? "compact" : "indented", report.Diagnoses[0].Detail);
    }

    [Fact]
    public void Trimmed_whitespace_is_named()
    {
        var report = Check(Body, Signed(Body + "\n"));
        Assert.Equal([SignatureCauses.TrimmedWhitespace, SignatureCauses.TrimmedWhitespace], report.Diagnoses.Select(d => d.Cause));
        Assert.Contains("trailing newline", report.Diagnoses[0].Detail);
    }

    [Fact]
    public void The_wrong_key_form_is_named_for_each_header()
    {
        var decoded = WebhookSigner.KeyOf(Secret);
        var whole = Encoding.UTF8.GetBytes(Secret);
        var report = Check(Body, Signed(Body, qualifioKey: decoded, standardKey: whole));
        Assert.Equal([SignatureCauses.WrongKeyForm, SignatureCauses.WrongKeyForm], report.Diagnoses.Select(d => d.Cause));
        Assert.Contains("whole secret string", report.Diagnoses[0].Detail);
        Assert.Contains("base64-decoded", report.Diagnoses[1].Detail);
    }

    [Fact]
    public void Uppercase_hex_or_a_missing_prefix_is_a_format_problem()
    {
        var headers = Signed(Body);
        headers["X-Qualifio-Signature"] = headers["X-Qualifio-Signature"]["sha256=".Length..];
        Assert.Equal(SignatureCauses.WrongFormat, Check(Body, headers).Diagnoses.Single().Cause);
    }

    [Fact]
    public void A_timestamp_outside_5_minutes_fails_standard_webhooks_although_the_signature_matches()
    {
        var report = Check(Body, Signed(Body), at: SentAt.AddMinutes(10));
        Assert.True(report.Qualifio.Valid);
        Assert.True(report.StandardWebhooks.SignatureMatches);
        Assert.False(report.StandardWebhooks.TimestampValid);
        Assert.False(report.StandardWebhooks.Valid);
        Assert.Contains("10 min 0 s old", report.StandardWebhooks.Problem);
        Assert.Equal(SignatureCauses.StaleTimestamp, report.Diagnoses.Single().Cause);
        Assert.True(Check(Body, Signed(Body), at: SentAt.AddMinutes(-4)).StandardWebhooks.TimestampValid);
    }

    [Fact]
    public void Missing_webhook_id_is_reported_not_guessed()
    {
        var headers = Signed(Body);
        headers.Remove("webhook-id");
        var report = Check(Body, headers);
        Assert.False(report.StandardWebhooks.Valid);
        Assert.Null(report.StandardWebhooks.Expected);
        Assert.Contains("webhook-id is missing", report.StandardWebhooks.Problem);
        Assert.True(report.Qualifio.Valid);
    }

    [Fact]
    public void Headers_are_pasted_as_lines_or_json_and_bad_lines_are_named()
    {
        var (lines, e1) = HeaderText.Parse("Content-Type: application/json\r\nwebhook-id: msg_1\n\nX-Qualifio-Signature: sha256=ab:cd");
        Assert.Null(e1);
        Assert.Equal("sha256=ab:cd", lines["x-qualifio-signature"]);
        Assert.Equal(3, lines.Count);
        var (json, e2) = HeaderText.Parse("""{"webhook-id":"msg_1","webhook-timestamp":"1"}""");
        Assert.Null(e2);
        Assert.Equal("1", json["Webhook-Timestamp"]);
        Assert.Equal("Line 2 is not \"Name: value\".", HeaderText.Parse("a: b\nnot a header").Error);
        Assert.NotNull(HeaderText.Parse("  ").Error);
        Assert.NotNull(HeaderText.Parse("{ broken").Error);
    }
}
