using WebhookConsole.Privacy;

namespace WebhookConsole.EventLogs;

/// <summary>A delivery as viewers who may not see personal data get it: the payload, the receivers' answers and errors masked.</summary>
public static class DeliveryMasking
{
    public static async Task<DeliveryDetail> MaskAsync(this PersonalDataMasker masker, DeliveryDetail detail, CancellationToken ct = default) =>
        Mask(masker.Payloads, detail, await masker.PathsAsync(ct));

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
    public static DeliveryItem Mask(this PersonalDataMasker masker, DeliveryItem item) =>
        item.LastError is null ? item : item with { LastError = masker.Payloads.MaskText(item.LastError, []) };
}
