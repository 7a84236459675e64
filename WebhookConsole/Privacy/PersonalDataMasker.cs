using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Compliance.Redaction;

namespace WebhookConsole.Privacy;

/// <summary>
/// Masks personal data for viewers who may not see it: JSON payloads and texts by the Admins' paths, and a received
/// request's body and headers. The features shape their own views with it (EventLogs' <c>DeliveryMasking</c>,
/// Inspector's <c>CaptureMasking</c>).
/// </summary>
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

    /// <summary>A received body like a payload; with nothing personal in it, it stays byte for byte as received rather than re-serialised.</summary>
    public static string MaskBody(PayloadMasker masker, string body, IReadOnlyList<MaskPath> paths)
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

    /// <summary>Received headers: e-mail addresses in any value, and the client's address and browser whole.</summary>
    public static JsonElement MaskHeaders(PayloadMasker masker, JsonElement headers)
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
