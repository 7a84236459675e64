using WebhookConsole.Privacy;

namespace WebhookConsole.Inspector;

/// <summary>A captured request as viewers who may not see personal data get it.</summary>
public static class CaptureMasking
{
    public static InspectedRequestView Mask(this PersonalDataMasker masker, InspectedRequestView r, IReadOnlyList<MaskPath> paths) => Mask(masker.Payloads, r, paths);

    /// <summary>
    /// Its body like a payload, e-mail addresses in its path and headers, and the sender's address and user agent whole.
    /// Signatures are still checked on the stored bytes, never on this view.
    /// </summary>
    public static InspectedRequestView Mask(PayloadMasker masker, InspectedRequestView r, IReadOnlyList<MaskPath> paths) => r with
    {
        Body = PersonalDataMasker.MaskBody(masker, r.Body, paths),
        Path = masker.MaskText(r.Path, paths),
        SourceAddress = r.SourceAddress is null ? null : masker.MaskWhole(r.SourceAddress),
        Headers = PersonalDataMasker.MaskHeaders(masker, r.Headers),
    };
}
