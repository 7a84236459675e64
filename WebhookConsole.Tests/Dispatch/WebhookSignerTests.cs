using System.Security.Cryptography;
using System.Text;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>The signatures an attempt goes out with, against HMAC-SHA256 computed here from their definitions.</summary>
[Trait("Lane", "Unit")]
public sealed class WebhookSignerTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""[{"id":"evt_1","type":"loyalty.points_earned","member":{"id":"m-1"}}]""");

    public static TheoryData<string> Secrets => new()
    {
        "whsec_" + Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
        "plain-shared-secret",
        "whsec_not base64 at all!",
        "whsec_",
        "ünïcödé-" + new string('k', 400), // longer than the stack buffer
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void The_legacy_header_is_the_hex_hmac_of_the_body_under_the_secret_text(string secret)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body));
        Assert.Equal(expected, WebhookSigner.QualifioSignature(secret, Body));
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void The_standard_signature_is_the_base64_hmac_of_id_timestamp_and_body(string secret)
    {
        Assert.Equal(Reference(secret, "msg_1", 1765000000), WebhookSigner.StandardSignature([secret], "msg_1", 1765000000, Body));
    }

    [Fact]
    public void During_rotation_each_live_secret_signs_in_order()
    {
        string[] secrets = ["whsec_" + Convert.ToBase64String(new byte[24]), "second-secret"];
        var signature = WebhookSigner.StandardSignature(secrets, "msg_2", 42, Body);
        Assert.Equal(Reference(secrets[0], "msg_2", 42) + " " + Reference(secrets[1], "msg_2", 42), signature);
    }

    private static string Reference(string secret, string id, long timestamp)
    {
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal) && TryBase64(secret["whsec_".Length..]) is { } decoded ? decoded : Encoding.UTF8.GetBytes(secret);
        var message = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(Body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, message));
    }

    private static byte[]? TryBase64(string text)
    {
        try { return Convert.FromBase64String(text); }
        catch (FormatException) { return null; }
    }
}
