using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Compliance.Redaction;
using WebhookConsole.EventLogs;
using WebhookConsole.Inspector;

namespace WebhookConsole.Privacy;

/// <summary>Masks deliveries (the payload, the receivers' answers and errors) and request-bin captures for viewers who may not see personal data.</summary>
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

    public InspectedRequestView Mask(InspectedRequestView r, IReadOnlyList<MaskPath> paths) => Mask(masker, r, paths);

    /// <summary>
    /// A captured request: its body like a payload, e-mail addresses in its path and headers, and the sender's address and
    /// user agent whole. Signatures are still checked on the stored bytes, never on this view.
    /// </summary>
    public static InspectedRequestView Mask(PayloadMasker masker, InspectedRequestView r, IReadOnlyList<MaskPath> paths) => r with
    {
        Body = MaskBody(masker, r.Body, paths),
        Path = masker.MaskText(r.Path, paths),
        SourceAddress = r.SourceAddress is null ? null : masker.MaskWhole(r.SourceAddress),
        Headers = MaskHeaders(masker, r.Headers),
    };

    /// <summary>With nothing personal in it, the body stays byte for byte as received rather than re-serialised.</summary>
    private static string MaskBody(PayloadMasker masker, string body, IReadOnlyList<MaskPath> paths)
    {
        var masked = masker.MaskText(body, paths) ?? "";
        return SameJson(body, masked) ? body : masked;
    }

    private static bool SameJson(string body, string masked)
    {
        if (masked == body) return true;
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(masked));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Headers that name the client: its address (as proxies pass it on) and its browser.</summary>
    private static readonly HashSet<string> ClientHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "user-agent", "x-forwarded-for", "x-original-for", "x-real-ip", "forwarded", "true-client-ip", "cf-connecting-ip", "x-client-ip",
    };

    private static JsonElement MaskHeaders(PayloadMasker masker, JsonElement headers)
    {
        if (headers.ValueKind != JsonValueKind.Object) return headers;
        var masked = new Dictionary<string, string?>();
        foreach (var header in headers.EnumerateObject())
        {
            var value = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() : header.Value.GetRawText();
            masked[header.Name] = value is null ? null : ClientHeaders.Contains(header.Name) ? masker.MaskWhole(value) : masker.MaskText(value, []);
        }
        return JsonSerializer.SerializeToElement(masked);
    }
}
