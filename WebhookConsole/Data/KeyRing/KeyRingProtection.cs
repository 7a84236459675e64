using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace WebhookConsole.Data.KeyRing;

/// <summary>
/// Data Protection keys live in the database (every node and restart reads them) and are encrypted there with a key
/// kept outside it: a certificate (`DataProtection:CertificatePath`/`CertificatePassword`) or a key file
/// (`DataProtection:KeyFile`, by default the database's path + `.key`), created on first start.
/// </summary>
public static class KeyRingProtection
{
    public const string KeyFileSuffix = ".key";

    public static IDataProtectionBuilder ProtectKeyRing(this IDataProtectionBuilder dp, IConfiguration config, string? databasePath)
    {
        var keyFile = config["DataProtection:KeyFile"] is { Length: > 0 } configured ? configured
            : databasePath is not null ? databasePath + KeyFileSuffix
            : throw new InvalidOperationException("The database is not a file; set DataProtection:KeyFile or DataProtection:CertificatePath to protect the key ring.");
        // Registered in both modes, so keys written under a key file still open after a switch to a certificate.
        var key = new KeyEncryptionKey(keyFile);
        dp.Services.AddSingleton(key);

        var certificatePath = config["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            dp.Services.AddSingleton(new KeyRingProtector(key, null));
            dp.Services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new KeyFileXmlEncryptor(key));
            return dp;
        }

        if (!File.Exists(certificatePath))
            throw new InvalidOperationException($"DataProtection:CertificatePath is {certificatePath}, and there is no such file. The key ring cannot be opened without it.");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, config["DataProtection:CertificatePassword"]);
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"The certificate {certificatePath} has no private key; Data Protection needs one to open the key ring.");
        dp.Services.AddSingleton(new KeyRingProtector(key, certificate));
        return dp.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }
}
