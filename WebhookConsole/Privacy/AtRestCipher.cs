using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace WebhookConsole.Privacy;

/// <summary>
/// Encryption at rest of personal data — event data, delivery payloads, attempts' response bodies, inspector bodies — with
/// a purpose-bound protector of the Data Protection key ring (authenticated encryption; the ring itself is encrypted with
/// the key file). Text is stored as <see cref="TextPrefix"/> + base64, bytes as the protector's output (which starts with
/// its magic header); values stored before encryption existed are read as they are. Empty stays empty, so "payload
/// removed" checks still run in SQL.
/// </summary>
public sealed class AtRestCipher(IDataProtectionProvider provider)
{
    public const string Purpose = "WebhookConsole.Privacy.AtRest.v1";
    public const string TextPrefix = "wcenc1:";
    private static readonly byte[] Magic = [0x09, 0xF0, 0xC9, 0xF0];
    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public byte[] Seal(byte[] plain) => plain.Length == 0 || IsSealed(plain) ? plain : protector.Protect(plain);

    public byte[] Open(byte[] stored)
    {
        if (!IsSealed(stored)) return stored;
        try
        {
            return protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return stored; // an inspector body that merely starts like a protected value
        }
    }

    public string Seal(string plain) => plain.Length == 0 || plain.StartsWith(TextPrefix, StringComparison.Ordinal)
        ? plain
        : TextPrefix + Convert.ToBase64String(protector.Protect(Encoding.UTF8.GetBytes(plain)));

    public string Open(string stored) => stored.StartsWith(TextPrefix, StringComparison.Ordinal)
        ? Encoding.UTF8.GetString(protector.Unprotect(Convert.FromBase64String(stored[TextPrefix.Length..])))
        : stored;

    public string? SealNullable(string? plain) => plain is null ? null : Seal(plain);

    private static bool IsSealed(byte[] value) => value.AsSpan().StartsWith(Magic);

    /// <summary>The cipher of the app a context belongs to; null outside an app (design time: migrations see plain columns).</summary>
    public static AtRestCipher? Of(DbContext db) => ServicesOf(db)?.GetService<AtRestCipher>();

    /// <summary>The app's services a context was created from; null at design time.</summary>
    public static IServiceProvider? ServicesOf(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
}
