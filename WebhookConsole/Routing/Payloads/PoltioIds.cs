using System.Security.Cryptography;
using System.Text;

namespace WebhookConsole.Routing.Payloads;

/// <summary>
/// Poltio's id types: `session_id` and `content_id` are UUIDs, question, answer and lead content ids are integers. Our ids
/// are the platform's text, so each is mapped the same way every time: a UUID stays that UUID (lowercase), any other text
/// becomes a name-based UUID v5 (RFC 9562) under a namespace of ours; a canonical integer stays that integer, any other
/// text becomes <see cref="PoltioPayload.StableNumber"/> of it.
/// </summary>
public static class PoltioIds
{
    /// <summary>Namespace of participation ids: UUID v5 of the URL "https://webhookconsole.dev/poltio/participation".</summary>
    public static readonly Guid ParticipationNamespace = new("d2417a15-9041-5691-a898-d3edac1e27f4");

    /// <summary>Namespace of campaign ids: UUID v5 of the URL "https://webhookconsole.dev/poltio/campaign".</summary>
    public static readonly Guid CampaignNamespace = new("833a3538-bf6d-5232-a443-a3ae05dd7b27");

    /// <summary>The id itself when it is a UUID, else the UUID v5 of it under <paramref name="ns"/>; lowercase, hyphenated.</summary>
    public static string Uuid(Guid ns, string id) =>
        (Guid.TryParseExact(id, "D", out var uuid) ? uuid : NameBased(ns, id)).ToString("D");

    /// <summary>RFC 9562 UUID version 5: SHA-1 of the namespace's bytes then the name's UTF-8 bytes, version and variant set.</summary>
    public static Guid NameBased(Guid ns, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        // Name-based UUIDs (version 5) are defined on SHA-1; this is an identifier, not a protection.
#pragma warning disable CA5350
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The integer an id stands for when it is one, else a stable number of its text.</summary>
#pragma warning disable CA1720 // reads as PoltioIds.Integer(id) where payloads are built
    public static long Integer(string id) => QualifioIds.AsInteger(id) ?? PoltioPayload.StableNumber(id);
#pragma warning restore CA1720
}
