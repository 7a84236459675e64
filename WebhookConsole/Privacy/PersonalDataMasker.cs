using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Compliance.Redaction;
using WebhookConsole.EventLogs;

namespace WebhookConsole.Privacy;

/// <summary>Masks deliveries for viewers who may not see personal data: the payload, the receivers' answers and errors.</summary>
public sealed class PersonalDataMasker(IDbContextFactory<AppDbContext> dbFactory, IRedactorProvider redactors)
{
    private readonly PayloadMasker masker = new(redactors.GetRedactor(PrivacyTaxonomy.Personal));

    public PayloadMasker Payloads => masker;

    /// <summary>The JSON paths Admins marked as personal (Settings → Privacy).</summary>
    public async Task<IReadOnlyList<MaskPath>> PathsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.MaskedPaths.AsNoTracking().OrderBy(p => p.Path).Select(p => p.Path).ToListAsync(ct)).Select(p => new MaskPath(p)).ToList();
    }

    public async Task<DeliveryDetail> MaskAsync(DeliveryDetail detail, CancellationToken ct = default) => Mask(detail, await PathsAsync(ct));

    public DeliveryDetail Mask(DeliveryDetail d, IReadOnlyList<MaskPath> paths) => Mask(masker, d, paths);

    public static DeliveryDetail Mask(PayloadMasker masker, DeliveryDetail d, IReadOnlyList<MaskPath> paths) => d with
    {
        Payload = d.Payload is { } payload ? masker.Mask(payload, paths) : null,
        LastError = masker.MaskText(d.LastError, paths),
        Attempts = d.Attempts.Select(a => a with
        {
            ResponseBody = masker.MaskText(a.ResponseBody, paths),
            Error = masker.MaskText(a.Error, paths),
        }).ToList(),
    };

    /// <summary>A list row: only a receiver's error text can carry personal data (an echoed address).</summary>
    public DeliveryItem Mask(DeliveryItem item) => item.LastError is null ? item : item with { LastError = masker.MaskText(item.LastError, []) };
}
