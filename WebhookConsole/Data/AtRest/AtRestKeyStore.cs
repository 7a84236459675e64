using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Data.AtRest;

/// <summary>
/// Keeps the at-rest data keys beside the Data Protection key ring, in its table, wrapped by the key ring (so a copy of the
/// database without the key file opens nothing). At start every stored data key is unwrapped once into the
/// <see cref="AtRestCipher"/>; the first one (lowest row id) seals new values, so nodes starting together agree. Data
/// Protection does not see these rows (<see cref="Data.KeyRing.KeyRingRepository"/>).
/// </summary>
public sealed class AtRestKeyStore(AtRestCipher cipher, ILogger<AtRestKeyStore> logger)
{
    public const string FriendlyName = "webhookconsole-at-rest-data-key";
    public static readonly XNamespace Namespace = "urn:webhookconsole:at-rest";
    private static readonly XName Element = Namespace + "dataKey";

    public async Task LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await StoredAsync(db, ct);
        if (rows.Count == 0)
        {
            var wrapped = cipher.WrapDataKey(AtRestCipher.NewDataKey());
            db.DataProtectionKeys.Add(new DataProtectionKey
            {
                FriendlyName = FriendlyName,
                Xml = new XElement(Element, Convert.ToBase64String(wrapped)).ToString(SaveOptions.DisableFormatting),
            });
            await db.SaveChangesAsync(ct);
            rows = await StoredAsync(db, ct); // another node may have stored one first: the lowest id wins everywhere
            logger.LogInformation("Created the data key that encrypts personal data at rest");
        }
        var current = rows.Min(r => r.Id);
        foreach (var row in rows)
            cipher.UseDataKey(row.Id, Convert.FromBase64String(XElement.Parse(row.Xml!).Value), row.Id == current);
    }

    private static Task<List<DataProtectionKey>> StoredAsync(AppDbContext db, CancellationToken ct) =>
        db.DataProtectionKeys.AsNoTracking().Where(k => k.FriendlyName == FriendlyName).OrderBy(k => k.Id).ToListAsync(ct);
}
