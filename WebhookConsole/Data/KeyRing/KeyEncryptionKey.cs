using System.Security.Cryptography;

namespace WebhookConsole.Data.KeyRing;

/// <summary>
/// The key that encrypts the Data Protection key ring, kept in a file outside the database (0600), so a copy of the
/// database alone decrypts nothing. 32 random bytes, base64.
/// </summary>
public sealed class KeyEncryptionKey(string path)
{
    private byte[]? bytes;

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public bool Exists => File.Exists(Path);

    public byte[] Bytes => bytes ??= Read();

    /// <summary>First bytes of the key's SHA-256: names the key in the ciphertext without revealing it.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Bytes).AsSpan(0, 8));

    public void Create()
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var key = RandomNumberGenerator.GetBytes(32);
        using (var writer = new StreamWriter(new FileStream(Path, options)))
            writer.WriteLine(Convert.ToBase64String(key));
        // The umask can only take bits away, but a file system may ignore the mode at creation: set it again.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        bytes = key;
    }

    private byte[] Read()
    {
        if (!Exists)
            throw new InvalidOperationException($"The Data Protection key file {Path} is missing.");
        byte[] key;
        try { key = Convert.FromBase64String(File.ReadAllText(Path).Trim()); }
        catch (FormatException) { key = []; }
        if (key.Length != 32)
            throw new InvalidOperationException($"The Data Protection key file {Path} does not hold a key (base64 of 32 bytes); restore it from the backup.");
        return key;
    }
}
