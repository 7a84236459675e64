using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace WebhookConsole.Data.AtRest;

/// <summary>
/// Encryption at rest of personal data — event data, delivery payloads, attempts' response bodies, inspector bodies — by
/// envelope encryption: a random 256-bit data key, stored in the database wrapped by a purpose-bound protector of the Data
/// Protection key ring (<see cref="AtRestKeyStore"/>), is unwrapped once at start; each value is then sealed with AES-256-GCM
/// under it (a few µs, where a protector call derives a key every time). A sealed value is
/// <see cref="Magic"/> + key id (4 bytes) + nonce (12) + tag (16) + ciphertext; text is <see cref="TextPrefix"/> + base64 of
/// that. Values sealed by the protector itself (<see cref="LegacyTextPrefix"/>, <see cref="LegacyMagic"/>) and values stored
/// before encryption existed are still read. Empty stays empty, so "payload removed" checks still run in SQL.
/// </summary>
public sealed class AtRestCipher(IDataProtectionProvider provider)
{
    public const string Purpose = "WebhookConsole.AtRest.v1";
    public const string TextPrefix = "wcenc2:";
    public const string LegacyTextPrefix = "wcenc1:";
    public static readonly byte[] Magic = [0x57, 0x43, 0x45, 0x32]; // "WCE2"
    public static readonly byte[] LegacyMagic = [0x09, 0xF0, 0xC9, 0xF0]; // the protector's own header
    private const int KeyIdSize = 4, NonceSize = 12, TagSize = 16;
    private static readonly int HeaderSize = Magic.Length + KeyIdSize + NonceSize + TagSize;

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);
    private readonly IDataProtector keyWrapper = provider.CreateProtector(Purpose, "data-key");
    private readonly ConcurrentDictionary<int, ThreadLocal<AesGcm>> keys = new();
    private volatile int currentKeyId = -1;
    private volatile byte[]? indexKey;
    private const string IndexPurpose = "WebhookConsole.Privacy.BlindIndex.v1";

    /// <summary>A new random data key (256 bits).</summary>
    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>A data key wrapped for storage: only this app's key ring opens it.</summary>
    public byte[] WrapDataKey(byte[] dataKey) => keyWrapper.Protect(dataKey);

    /// <summary>
    /// Makes a wrapped data key usable for opening values sealed under <paramref name="keyId"/>, and for sealing new ones
    /// when <paramref name="current"/>. Throws if the key ring cannot unwrap it.
    /// </summary>
    public void UseDataKey(int keyId, byte[] wrapped, bool current)
    {
        var key = keyWrapper.Unprotect(wrapped);
        if (key.Length != 32) throw new CryptographicException($"The at-rest data key {keyId} is not 256 bits.");
        // AesGcm instances are not safe for concurrent use; one per thread keeps sealing free of locks.
        keys.TryAdd(keyId, new ThreadLocal<AesGcm>(() => new AesGcm(key, TagSize)));
        if (!current) return;
        // The blind index key is derived from the sealing key, so it is as safe as the data and needs no row of its own.
        indexKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.UTF8.GetBytes(IndexPurpose));
        currentKeyId = keyId;
    }

    /// <summary>
    /// A keyed hash (HMAC-SHA256) of a value, as 64 hex digits: equal values give equal hashes, so a column of them can be
    /// searched by equality, yet a copy of the database without the key file cannot tell which value a hash stands for.
    /// </summary>
    public string BlindIndex(string value)
    {
        var key = indexKey ?? throw new InvalidOperationException("The at-rest data key is not loaded; the database initializer loads it at start.");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));
    }

    public bool HasDataKey => currentKeyId >= 0;

    public byte[] Seal(byte[] plain) => plain.Length == 0 || IsSealed(plain) ? plain : SealCore(plain);

    public byte[] Open(byte[] stored)
    {
        try
        {
            if (stored.AsSpan().StartsWith(Magic)) return OpenCore(stored);
            if (stored.AsSpan().StartsWith(LegacyMagic)) return protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            // an inspector body that merely starts like a sealed value
        }
        return stored;
    }

    /// <summary>
    /// Text sealed through pooled buffers straight into the result string: the sender seals every attempt's headers and
    /// answer, and the intermediate UTF-8, sealed and base64 copies were most of the cost. The clear bytes are wiped before
    /// their buffer goes back to the pool.
    /// </summary>
    public string Seal(string plain)
    {
        if (plain.Length == 0 || plain.StartsWith(TextPrefix, StringComparison.Ordinal) || plain.StartsWith(LegacyTextPrefix, StringComparison.Ordinal))
            return plain;
        var clear = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(plain.Length));
        var count = Encoding.UTF8.GetBytes(plain, clear);
        var sealedBytes = ArrayPool<byte>.Shared.Rent(HeaderSize + count);
        try
        {
            SealInto(clear.AsSpan(0, count), sealedBytes.AsSpan(0, HeaderSize + count));
            return string.Create(TextPrefix.Length + (HeaderSize + count + 2) / 3 * 4, (sealedBytes, HeaderSize + count), static (chars, state) =>
            {
                TextPrefix.CopyTo(chars);
                Convert.TryToBase64Chars(state.sealedBytes.AsSpan(0, state.Item2), chars[TextPrefix.Length..], out _);
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear.AsSpan(0, count));
            ArrayPool<byte>.Shared.Return(clear);
            ArrayPool<byte>.Shared.Return(sealedBytes);
        }
    }

    /// <summary>Text that does not open (tampered, or its key is gone) throws: unlike inspector bodies, sealed text is never user input.</summary>
    public string Open(string stored)
    {
        if (stored.StartsWith(TextPrefix, StringComparison.Ordinal))
            return Encoding.UTF8.GetString(OpenCore(Convert.FromBase64String(stored[TextPrefix.Length..])));
        if (stored.StartsWith(LegacyTextPrefix, StringComparison.Ordinal))
            return Encoding.UTF8.GetString(protector.Unprotect(Convert.FromBase64String(stored[LegacyTextPrefix.Length..])));
        return stored;
    }

    public string? SealNullable(string? plain) => plain is null ? null : Seal(plain);

    /// <summary>Values the old protector sealed keep opening; this writes a value in that format (tests of old databases).</summary>
    public string SealLegacy(string plain) => LegacyTextPrefix + Convert.ToBase64String(protector.Protect(Encoding.UTF8.GetBytes(plain)));

    /// <inheritdoc cref="SealLegacy(string)"/>
    public byte[] SealLegacy(byte[] plain) => protector.Protect(plain);

    private byte[] SealCore(ReadOnlySpan<byte> plain)
    {
        var output = new byte[HeaderSize + plain.Length];
        SealInto(plain, output);
        return output;
    }

    /// <summary>Seals <paramref name="plain"/> into <paramref name="span"/>, exactly <see cref="HeaderSize"/> bytes longer.</summary>
    private void SealInto(ReadOnlySpan<byte> plain, Span<byte> span)
    {
        var keyId = currentKeyId;
        if (keyId < 0 || !keys.TryGetValue(keyId, out var aes))
            throw new InvalidOperationException("The at-rest data key is not loaded; the database initializer loads it at start.");
        Magic.CopyTo(span);
        BitConverter.TryWriteBytes(span.Slice(Magic.Length, KeyIdSize), keyId);
        var nonce = span.Slice(Magic.Length + KeyIdSize, NonceSize);
        SecureRandom.Fill(nonce);
        var tag = span.Slice(Magic.Length + KeyIdSize + NonceSize, TagSize);
        // The header (magic + key id) is authenticated too, so a value cannot be moved to another key id.
        aes.Value!.Encrypt(nonce, plain, span[HeaderSize..], tag, span[..(Magic.Length + KeyIdSize)]);
    }

    private byte[] OpenCore(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < HeaderSize) throw new CryptographicException("The sealed value is truncated.");
        var keyId = BitConverter.ToInt32(stored.Slice(Magic.Length, KeyIdSize));
        if (!keys.TryGetValue(keyId, out var aes)) throw new CryptographicException($"The at-rest data key {keyId} is not loaded.");
        var plain = new byte[stored.Length - HeaderSize];
        aes.Value!.Decrypt(stored.Slice(Magic.Length + KeyIdSize, NonceSize), stored[HeaderSize..],
            stored.Slice(Magic.Length + KeyIdSize + NonceSize, TagSize), plain, stored[..(Magic.Length + KeyIdSize)]);
        return plain;
    }

    private static bool IsSealed(byte[] value) => value.AsSpan().StartsWith(Magic) || value.AsSpan().StartsWith(LegacyMagic);

    /// <summary>The cipher of the app a context belongs to; null outside an app (design time: migrations see plain columns).</summary>
    public static AtRestCipher? Of(DbContext db) => ServicesOf(db)?.GetService<AtRestCipher>();

    /// <summary>The app's services a context was created from; null at design time.</summary>
    public static IServiceProvider? ServicesOf(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
}
