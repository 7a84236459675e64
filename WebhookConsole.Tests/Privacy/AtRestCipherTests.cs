using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using WebhookConsole.Data.AtRest;
using WebhookConsole.Privacy;

namespace WebhookConsole.Tests.Privacy;

/// <summary>Envelope encryption of values at rest: AES-GCM under a wrapped data key, with values of the older format still read.</summary>
[Trait("Lane", "Unit")]
public class AtRestCipherTests
{
    private const string Personal = """{"email":"jane.doe@example.com","name":"Janette"}""";
    private readonly EphemeralDataProtectionProvider provider = new();
    private readonly byte[] wrapped;
    private readonly AtRestCipher cipher;

    public AtRestCipherTests()
    {
        cipher = new AtRestCipher(provider);
        wrapped = cipher.WrapDataKey(AtRestCipher.NewDataKey());
        cipher.UseDataKey(7, wrapped, current: true);
    }

    [Fact]
    public void Text_and_bytes_round_trip_sealed_in_the_new_format()
    {
        var text = cipher.Seal(Personal);
        Assert.StartsWith(AtRestCipher.TextPrefix, text);
        Assert.DoesNotContain("jane.doe", text);
        Assert.Equal(Personal, cipher.Open(text));

        var plain = Encoding.UTF8.GetBytes(Personal);
        var bytes = cipher.Seal(plain);
        Assert.True(bytes.AsSpan().StartsWith(AtRestCipher.Magic));
        Assert.Equal(7, BitConverter.ToInt32(bytes, AtRestCipher.Magic.Length));
        Assert.True(bytes.AsSpan().IndexOf("jane.doe"u8) < 0);
        Assert.Equal(plain, cipher.Open(bytes));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(700)]
    [InlineData(40_000)]
    public void Text_of_any_length_and_script_round_trips_and_its_bytes_sealed_are_those_of_the_text(int length)
    {
        var plain = string.Concat(Enumerable.Repeat("é€😀a", length / 4 + 1))[..length];
        if (char.IsHighSurrogate(plain[^1])) plain = plain[..^1] + "z";
        var text = cipher.Seal(plain);
        Assert.StartsWith(AtRestCipher.TextPrefix, text);
        Assert.Equal(plain, cipher.Open(text));
        // The text form is the byte form in base64: one format for both.
        var sealedBytes = Convert.FromBase64String(text[AtRestCipher.TextPrefix.Length..]);
        Assert.Equal(Encoding.UTF8.GetBytes(plain), cipher.Open(sealedBytes));
    }

    [Fact]
    public void Each_value_gets_its_own_nonce()
    {
        Assert.NotEqual(cipher.Seal(Personal), cipher.Seal(Personal));
    }

    [Fact]
    public void Empty_stays_empty_and_sealed_values_are_not_sealed_twice()
    {
        Assert.Equal("", cipher.Seal(""));
        Assert.Empty(cipher.Seal(Array.Empty<byte>()));
        var text = cipher.Seal(Personal);
        Assert.Equal(text, cipher.Seal(text));
        var bytes = cipher.Seal(Encoding.UTF8.GetBytes(Personal));
        Assert.Same(bytes, cipher.Seal(bytes));
    }

    [Fact]
    public void Plain_values_stored_before_encryption_are_read_as_they_are()
    {
        Assert.Equal(Personal, cipher.Open(Personal));
        var plain = Encoding.UTF8.GetBytes(Personal);
        Assert.Equal(plain, cipher.Open(plain));
    }

    [Fact]
    public void A_tampered_value_does_not_open()
    {
        var text = cipher.Seal(Personal);
        var raw = Convert.FromBase64String(text[AtRestCipher.TextPrefix.Length..]);
        raw[^1] ^= 0x01; // one bit of the ciphertext
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(AtRestCipher.TextPrefix + Convert.ToBase64String(raw)));

        var bytes = cipher.Seal(Encoding.UTF8.GetBytes(Personal));
        bytes[AtRestCipher.Magic.Length + 4 + 12] ^= 0x01; // one bit of the tag
        // A body that does not open is returned as stored (an inspector capture may merely start like a sealed value): never the plain text.
        Assert.Equal(bytes, cipher.Open(bytes));
    }

    [Fact]
    public void A_value_moved_to_another_key_id_does_not_open()
    {
        cipher.UseDataKey(8, cipher.WrapDataKey(AtRestCipher.NewDataKey()), current: false);
        var raw = Convert.FromBase64String(cipher.Seal(Personal)[AtRestCipher.TextPrefix.Length..]);
        BitConverter.TryWriteBytes(raw.AsSpan(AtRestCipher.Magic.Length, 4), 8);
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(AtRestCipher.TextPrefix + Convert.ToBase64String(raw)));
    }

    [Fact]
    public void Values_sealed_by_the_protector_format_still_open()
    {
        var legacyText = cipher.SealLegacy(Personal);
        Assert.StartsWith(AtRestCipher.LegacyTextPrefix, legacyText);
        Assert.Equal(Personal, cipher.Open(legacyText));
        Assert.Equal(legacyText, cipher.Seal(legacyText)); // not sealed twice either

        var plain = Encoding.UTF8.GetBytes(Personal);
        var legacyBytes = cipher.SealLegacy(plain);
        Assert.True(legacyBytes.AsSpan().StartsWith(AtRestCipher.LegacyMagic));
        Assert.Equal(plain, cipher.Open(legacyBytes));
    }

    [Fact]
    public void Another_start_with_the_same_key_ring_and_wrapped_key_opens_the_values()
    {
        var sealedText = cipher.Seal(Personal);
        var restarted = new AtRestCipher(provider);
        restarted.UseDataKey(7, wrapped, current: true);
        Assert.Equal(Personal, restarted.Open(sealedText));
    }

    [Fact]
    public void Another_key_ring_cannot_unwrap_the_data_key()
    {
        var stranger = new AtRestCipher(new EphemeralDataProtectionProvider());
        Assert.ThrowsAny<CryptographicException>(() => stranger.UseDataKey(7, wrapped, current: true));
        Assert.Throws<InvalidOperationException>(() => stranger.Seal(Personal));
    }

    [Fact]
    public void The_email_index_is_keyed_normalised_and_reveals_nothing()
    {
        var hash = EmailIndex.OfData(cipher, Personal);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, EmailIndex.Of(cipher, "  Jane.Doe@Example.COM "));
        Assert.NotEqual(hash, EmailIndex.Of(cipher, "john.doe@example.com"));
        Assert.DoesNotContain("jane", hash);
        // Another key gives another hash: without the key file a list of addresses cannot be hashed and compared.
        var other = new AtRestCipher(provider);
        other.UseDataKey(1, other.WrapDataKey(AtRestCipher.NewDataKey()), current: true);
        Assert.NotEqual(hash, EmailIndex.Of(other, "jane.doe@example.com"));
        Assert.Equal(EmailIndex.None, EmailIndex.OfData(cipher, """{"name":"Janette","at":"@home"}"""));
        Assert.Equal("a@b.example", EmailIndex.FirstEmail("""{"form":[{"id":"x","value":"a@b.example"}],"more":"c@d.example"}"""));
    }

    [Theory]
    [InlineData("""{"form":[{"id":"x","value":"a@b.example"}],"more":"c@d.example"}""")]
    [InlineData("""{"member":{"id":"m-1","email":"Jane\u0040Example.com"},"points":10}""")]
    [InlineData("""{"member":{"id":"m-1","email":"Jane\u0040Example.com"},"note":"@"}""")]
    [InlineData("""{"a@b.example":"not a value","list":[1,true,null,{"deep":[" x@y.example "]}]}""")]
    [InlineData("""{"name":"Janette","at":"@home","n":3}""")]
    [InlineData("""{}""")]
    public void The_email_index_of_parsed_data_is_that_of_its_text(string data)
    {
        // Ingest hashes the data it has parsed already; the text's reader is what every other caller uses.
        using var parsed = System.Text.Json.JsonDocument.Parse(data);
        Assert.Equal(EmailIndex.OfData(cipher, data), EmailIndex.OfData(cipher, data, parsed.RootElement));
    }
}
