namespace WebhookConsole.Data;

/// <summary>
/// Prefixed, time-ordered ids (`evt_…`, `dlv_…`): 48-bit millisecond timestamp + 80 random bits in
/// Crockford base32, so ids sort by creation time and keyset paging can use them directly.
/// </summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New(string prefix, TimeProvider? time = null)
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteTimestamp(bytes, (time ?? TimeProvider.System).GetUtcNow());
        SecureRandom.Fill(bytes[6..]);
        return prefix + "_" + Encode(bytes);
    }

    /// <summary>
    /// The smallest id of this prefix that <see cref="New"/> can produce at <paramref name="at"/>: every id created at or
    /// after that moment sorts at or above it, every id created before sorts below. Turns time ranges into id ranges.
    /// </summary>
    public static string MinAt(string prefix, DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteTimestamp(bytes, at);
        return prefix + "_" + Encode(bytes);
    }

    private static void WriteTimestamp(Span<byte> bytes, DateTimeOffset at)
    {
        var ms = Math.Clamp(at.ToUnixTimeMilliseconds(), 0, (1L << 48) - 1);
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(ms & 0xFF);
            ms >>= 8;
        }
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        // 128 bits -> 26 base32 chars, most significant first.
        Span<char> chars = stackalloc char[26];
        var hi = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var lo = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        var value = ((UInt128)hi << 64) | lo;
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}
