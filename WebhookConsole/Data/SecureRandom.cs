using System.Security.Cryptography;

namespace WebhookConsole.Data;

/// <summary>
/// Cryptographically random bytes for ids and AES-GCM nonces, handed out from a per-thread buffer that one call to the
/// system generator refills. A call to the generator costs far more than the bytes it returns (OpenSSL checks for a fork
/// with a <c>getpid</c> system call each time, and system calls are dear on virtual machines), and a delivery needs
/// several small values. Every byte is handed out once: the position only moves forward, and what was handed out is
/// wiped from the buffer.
/// </summary>
public sealed class SecureRandom
{
    /// <summary>Bytes per refill: 4 KiB serves about 300 ids or nonces.</summary>
    public const int DefaultSize = 4096;

    [ThreadStatic] private static SecureRandom? perThread;

    private readonly byte[] buffer;
    private int position;

    /// <param name="size">Bytes fetched per refill; requests larger than a quarter of it go to the generator directly.</param>
    public SecureRandom(int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        buffer = new byte[size];
        position = size; // empty: the first request refills
    }

    /// <summary>Fills <paramref name="destination"/> from this thread's buffer.</summary>
    public static void Fill(Span<byte> destination) => (perThread ??= new SecureRandom()).Next(destination);

    /// <summary>Fills <paramref name="destination"/> with bytes never handed out before. Not thread-safe: one instance per thread.</summary>
    public void Next(Span<byte> destination)
    {
        if (destination.Length > buffer.Length / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }
        if (buffer.Length - position < destination.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            position = 0;
        }
        var taken = buffer.AsSpan(position, destination.Length);
        taken.CopyTo(destination);
        CryptographicOperations.ZeroMemory(taken);
        position += destination.Length;
    }
}
