using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace WebhookConsole.Data.KeyRing;

/// <summary>
/// Decrypts what <see cref="KeyFileXmlEncryptor"/> wrote. Data Protection creates it by type name from the stored XML,
/// passing the service provider.
/// </summary>
public sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetService<KeyEncryptionKey>()
            ?? throw new InvalidOperationException("The key ring is encrypted with a key file, and no key file is configured.");
        var fingerprint = (string?)encryptedElement.Attribute("keyFingerprint");
        if (fingerprint != key.Fingerprint)
            throw new CryptographicException($"This key was encrypted with another key file (fingerprint {fingerprint}) than {key.Path} (fingerprint {key.Fingerprint}).");
        var nonce = Convert.FromBase64String((string)encryptedElement.Attribute("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Attribute("tag")!);
        var cipher = Convert.FromBase64String(encryptedElement.Value);
        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(key.Bytes, tag.Length))
            aes.Decrypt(nonce, cipher, tag, plain);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
