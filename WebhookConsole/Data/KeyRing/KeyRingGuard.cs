using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace WebhookConsole.Data.KeyRing;

/// <summary>
/// Start-up check before anything uses Data Protection. Data Protection itself, finding keys it cannot decrypt, would
/// quietly make a new key, and every stored secret would be lost; so a key ring that exists but cannot be opened stops
/// the start with a message saying what is missing. Keys stored unencrypted by older versions are encrypted in place.
/// </summary>
internal sealed class KeyRingGuard(KeyRingProtector protector, IOptions<KeyManagementOptions> keyManagement, IServiceProvider services, ILogger<KeyRingGuard> logger)
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";

    public async Task CheckAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await db.DataProtectionKeys.ToListAsync(ct);
        var documents = rows.Select(r => (Row: r, Xml: XElement.Parse(r.Xml ?? "<empty/>"))).ToList();

        if (protector.UsesKeyFile && !protector.KeyFile.Exists)
        {
            if (documents.Any(d => d.Xml.Descendants(EncryptedSecret).Any()))
                throw Refuse($"the database holds an encrypted Data Protection key ring, and the key file {protector.KeyFile.Path} is missing. " +
                    "Restore that file from the backup (or point DataProtection:KeyFile at it), or, if the ring was encrypted with a certificate, " +
                    "set DataProtection:CertificatePath and DataProtection:CertificatePassword. Starting without it would lose every stored secret.");
            protector.KeyFile.Create();
            logger.LogWarning("Created the Data Protection key file {KeyFile}. Back it up with the database: without it stored secrets cannot be read", protector.KeyFile.Path);
        }

        var encryptor = keyManagement.Value.XmlEncryptor
            ?? throw new InvalidOperationException("No key ring encryptor is configured.");
        var legacy = 0;
        foreach (var (row, xml) in documents)
        {
            foreach (var secret in xml.Descendants(EncryptedSecret))
            {
                try
                {
                    Decryptor((string)secret.Attribute("decryptorType")!).Decrypt(secret.Elements().Single());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw Refuse($"the Data Protection key '{row.FriendlyName}' in the database cannot be opened with {protector.Description}: {e.Message} " +
                        "Configure the key file or certificate it was written with (DataProtection:KeyFile, DataProtection:CertificatePath).");
                }
            }
            var plain = xml.Descendants().Where(e => (bool?)e.Attribute(RequiresEncryption) == true).ToList();
            if (plain.Count == 0) continue;
            foreach (var element in plain)
            {
                var encrypted = encryptor.Encrypt(new XElement(element));
                element.ReplaceWith(new XElement(EncryptedSecret,
                    new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!), encrypted.EncryptedElement));
            }
            row.Xml = xml.ToString(SaveOptions.DisableFormatting);
            legacy++;
        }
        if (legacy > 0)
        {
            await db.SaveChangesAsync(ct);
            logger.LogWarning("Encrypted {Count} Data Protection keys that were stored unencrypted, with {Protector}", legacy, protector.Description);
        }
    }

    /// <summary>As Data Protection creates decryptors: a constructor taking the service provider, else the default one.</summary>
    private IXmlDecryptor Decryptor(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        return (IXmlDecryptor)(type.GetConstructor([typeof(IServiceProvider)])?.Invoke([services]) ?? Activator.CreateInstance(type)!);
    }

    private static InvalidOperationException Refuse(string why) => new("WebhookConsole will not start: " + why);
}
