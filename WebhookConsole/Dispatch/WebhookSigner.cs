using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace WebhookConsole.Dispatch;

/// <summary>The two signatures a receiver can check: the legacy `sha256=` header and Standard Webhooks.</summary>
public static class WebhookSigner
{
    private const int MacSize = 32;

    /// <summary>Keys up to this many bytes are worked on the stack; longer ones in a pooled buffer.</summary>
    private const int StackKeyBytes = 256;

    /// <summary>`sha256=` + lowercase hex HMAC-SHA256 of the raw body, key = UTF-8 bytes of the secret string.</summary>
    public static string QualifioSignature(string secret, ReadOnlySpan<byte> body)
    {
        // Every attempt signs: the key's bytes, the MAC and its hex go through the stack, not the heap.
        var max = Encoding.UTF8.GetMaxByteCount(secret.Length);
        byte[]? rented = null;
        var key = max <= StackKeyBytes ? stackalloc byte[StackKeyBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            return QualifioSignature(key[..Encoding.UTF8.GetBytes(secret, key)], body);
        }
        finally
        {
            Wipe(key, rented);
        }
    }

    /// <summary>`sha256=` + lowercase hex HMAC-SHA256 of the body under these key bytes (the checker tries other key forms).</summary>
    public static string QualifioSignature(ReadOnlySpan<byte> key, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[MacSize];
        HMACSHA256.HashData(key, body, mac);
        Span<char> text = stackalloc char[7 + 2 * MacSize];
        "sha256=".CopyTo(text);
        Convert.TryToHexStringLower(mac, text[7..], out _);
        return new string(text);
    }

    /// <summary>
    /// Standard Webhooks `webhook-signature`: `v1,&lt;base64 HMAC&gt;` over `id.timestamp.body` per live secret,
    /// space-separated. Key = base64-decoded part after `whsec_`, or the UTF-8 bytes of any other secret.
    /// </summary>
    public static string StandardSignature(IEnumerable<string> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        // The signed message is built once, in a pooled buffer, for every secret.
        Span<char> digits = stackalloc char[20];
        timestamp.TryFormat(digits, out var length, default, System.Globalization.CultureInfo.InvariantCulture);
        var size = StandardMessageLength(messageId, digits[..length], body);
        var message = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var signed = message.AsSpan(0, size);
            WriteStandardMessage(messageId, digits[..length], body, signed);
            if (secrets is IReadOnlyList<string> { Count: 1 } one) return StandardEntry(one[0], signed);
            var entries = new List<string>();
            foreach (var secret in secrets) entries.Add(StandardEntry(secret, signed));
            return string.Join(' ', entries);
        }
        finally
        {
            // The message holds the payload (personal data): the pool's next user must not find it.
            ArrayPool<byte>.Shared.Return(message, clearArray: true);
        }
    }

    /// <summary>The bytes Standard Webhooks signs: `id.timestamp.body`, the timestamp as the header carries it.</summary>
    public static byte[] StandardMessage(string messageId, string timestamp, ReadOnlySpan<byte> body)
    {
        var content = new byte[StandardMessageLength(messageId, timestamp, body)];
        WriteStandardMessage(messageId, timestamp, body, content);
        return content;
    }

    private static int StandardMessageLength(string messageId, ReadOnlySpan<char> timestamp, ReadOnlySpan<byte> body) =>
        Encoding.UTF8.GetByteCount(messageId) + Encoding.UTF8.GetByteCount(timestamp) + 2 + body.Length;

    /// <summary>Writes `id.timestamp.body` into <paramref name="destination"/>, exactly <see cref="StandardMessageLength"/> bytes.</summary>
    private static void WriteStandardMessage(string messageId, ReadOnlySpan<char> timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var at = Encoding.UTF8.GetBytes(messageId, destination);
        destination[at++] = (byte)'.';
        at += Encoding.UTF8.GetBytes(timestamp, destination[at..]);
        destination[at++] = (byte)'.';
        body.CopyTo(destination[at..]);
    }

    /// <summary>One `v1,&lt;base64 HMAC&gt;` entry over a signed message under these key bytes.</summary>
    public static string StandardEntry(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        Span<byte> mac = stackalloc byte[MacSize];
        HMACSHA256.HashData(key, message, mac);
        Span<char> text = stackalloc char[3 + (MacSize + 2) / 3 * 4];
        "v1,".CopyTo(text);
        Convert.TryToBase64Chars(mac, text[3..], out _);
        return new string(text);
    }

    /// <summary>As <see cref="StandardEntry(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> under the key of <paramref name="secret"/> (<see cref="KeyOf"/>).</summary>
    private static string StandardEntry(string secret, ReadOnlySpan<byte> message)
    {
        var max = KeyCapacity(secret);
        byte[]? rented = null;
        var key = max <= StackKeyBytes ? stackalloc byte[StackKeyBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            return StandardEntry(key[..WriteKey(secret, key)], message);
        }
        finally
        {
            Wipe(key, rented);
        }
    }

    public static byte[] KeyOf(string secret)
    {
        var key = new byte[KeyCapacity(secret)];
        return key[..WriteKey(secret, key)];
    }

    private static int KeyCapacity(string secret) => Math.Max(Encoding.UTF8.GetMaxByteCount(secret.Length), secret.Length);

    /// <summary>
    /// The key bytes of a secret into <paramref name="key"/> (at least <see cref="KeyCapacity"/> long): the base64 after
    /// `whsec_` when it decodes, otherwise (no prefix, or not base64 after it) the secret's UTF-8 bytes.
    /// </summary>
    private static int WriteKey(string secret, Span<byte> key) =>
        secret.StartsWith("whsec_", StringComparison.Ordinal) && Convert.TryFromBase64Chars(secret.AsSpan("whsec_".Length), key, out var decoded)
            ? decoded
            : Encoding.UTF8.GetBytes(secret, key);

    /// <summary>Key bytes do not outlive the signature: the stack copy is cleared, a pooled buffer cleared and returned.</summary>
    private static void Wipe(Span<byte> key, byte[]? rented)
    {
        CryptographicOperations.ZeroMemory(key);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }
}
