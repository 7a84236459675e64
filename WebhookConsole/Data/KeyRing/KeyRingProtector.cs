using System.Security.Cryptography.X509Certificates;

namespace WebhookConsole.Data.KeyRing;

/// <summary>What protects the key ring in this configuration: the key file, or a certificate.</summary>
public sealed record KeyRingProtector(KeyEncryptionKey KeyFile, X509Certificate2? Certificate)
{
    public bool UsesKeyFile => Certificate is null;

    public string Description => Certificate is null
        ? $"the key file {KeyFile.Path}"
        : $"the certificate {Certificate.Subject} ({Certificate.Thumbprint})";
}
