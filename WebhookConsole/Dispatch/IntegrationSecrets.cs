using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Encrypts signing secrets and auth header values at rest (Data Protection, keys in the database) and
/// masks them for display. Plain values exist only in memory while signing or right after creation.
/// </summary>
public sealed class IntegrationSecrets(IDataProtectionProvider provider)
{
    public const string Mask = "••••••••";
    private readonly IDataProtector protector = provider.CreateProtector("WebhookConsole.Integrations.Secrets.v1");

    public string? Protect(string? plain) => string.IsNullOrEmpty(plain) ? null : protector.Protect(plain);

    public string? Unprotect(string? encrypted) => string.IsNullOrEmpty(encrypted) ? null : protector.Unprotect(encrypted);

    /// <summary>`whsec_` + base64 of 32 random bytes, the Standard Webhooks form.</summary>
    public static string Generate() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>What the UI and API show instead of a secret: nothing when unset, a fixed mask when set.</summary>
    public static string? Masked(string? encryptedOrPlain) => string.IsNullOrEmpty(encryptedOrPlain) ? null : Mask;
}
