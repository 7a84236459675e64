using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using WebhookConsole.Routing;
using WebhookConsole.Routing.Participations;

namespace WebhookConsole.Ingest;

/// <summary>
/// Shape checks of one event request, without the database: the envelope, the source fields each event family needs,
/// and the `data` each type needs. Every problem is reported under the field's name. The same checks serve the API,
/// the push-rule preview and the tests.
/// </summary>
public static partial class EventParser
{
    public const int MaxEventBytes = 256 * 1024;
    public const int MaxBatchEvents = 1000;
    public const int MaxIdLength = 128;
    public const int MaxIdempotencyKeyLength = 256;
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxBack = TimeSpan.FromDays(366);

    private static readonly string[] EnvelopeFields = ["type", "occurredAt", "source", "data", "idempotencyKey"];
    private static readonly string[] SourceFields = ["websiteId", "campaignId", "programId"];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    /// <param name="root">The event object.</param>
    /// <param name="prefix">"" for a single event, "events[3]." inside a batch.</param>
    /// <param name="now">The time of receipt, for the plausibility check of `occurredAt`; null skips that check (previews of stored events).</param>
    public static IncomingEvent? Parse(JsonElement root, string prefix, DateTimeOffset? now, FieldErrors errors)
    {
        var before = errors.Count;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(FieldErrors.Key(prefix, ""), $"An event must be a JSON object, not {Describe(root)}.");
            return null;
        }
        if (Api.JsonText.FindInvalid(root) is { } notText)
        {
            errors.Add(FieldErrors.Key(prefix, notText), Api.JsonText.LoneSurrogate);
            return null;
        }
        RefuseUnknown(root, EnvelopeFields, prefix, errors);

        var type = ReadType(root, prefix, errors);
        var occurredAt = ReadTime(root, "occurredAt", prefix, errors);
        if (occurredAt is not null && now is not null)
        {
            if (occurredAt > now + MaxAhead)
                errors.Add(prefix + "occurredAt", $"occurredAt {Format(occurredAt.Value)} is more than a day in the future; check the sender's clock and time zone.");
            else if (occurredAt < now - MaxBack)
                errors.Add(prefix + "occurredAt", $"occurredAt {Format(occurredAt.Value)} is more than a year in the past.");
        }

        string? idempotencyKey = null;
        if (root.TryGetProperty("idempotencyKey", out var key) && key.ValueKind != JsonValueKind.Null)
        {
            if (key.ValueKind != JsonValueKind.String) errors.Add(prefix + "idempotencyKey", $"idempotencyKey must be a string, not {Describe(key)}.");
            else if (string.IsNullOrWhiteSpace(key.GetString())) errors.Add(prefix + "idempotencyKey", "idempotencyKey must not be empty; leave it out instead.");
            else if (key.GetString()!.Length > MaxIdempotencyKeyLength) errors.Add(prefix + "idempotencyKey", $"idempotencyKey must be at most {MaxIdempotencyKeyLength} characters.");
            else idempotencyKey = key.GetString();
        }

        string? websiteId = null, campaignId = null, programId = null;
        if (!root.TryGetProperty("source", out var source) || source.ValueKind == JsonValueKind.Null)
            errors.Add(prefix + "source", type is not null && EventTypes.IsLoyalty(type)
                ? "source is required: loyalty events name their program in source.programId."
                : "source is required: participation events name their campaign in source.campaignId.");
        else if (source.ValueKind != JsonValueKind.Object)
            errors.Add(prefix + "source", $"source must be an object, not {Describe(source)}.");
        else
        {
            RefuseUnknown(source, SourceFields, prefix + "source.", errors);
            websiteId = ReadId(source, "websiteId", prefix + "source.", errors, required: false);
            campaignId = ReadId(source, "campaignId", prefix + "source.", errors, required: false);
            programId = ReadId(source, "programId", prefix + "source.", errors, required: false);
            if (type is not null && EventTypes.IsParticipation(type))
            {
                if (campaignId is null && !errors.Has(prefix + "source.campaignId"))
                    errors.Add(prefix + "source.campaignId", "Participation events must name their campaign in source.campaignId.");
                if (programId is not null)
                    errors.Add(prefix + "source.programId", "Participation events belong to a campaign, not to a loyalty program; leave programId out.");
            }
            else if (type is not null && EventTypes.IsLoyalty(type))
            {
                if (programId is null && !errors.Has(prefix + "source.programId"))
                    errors.Add(prefix + "source.programId", "Loyalty events must name their program in source.programId.");
                if (websiteId is not null)
                    errors.Add(prefix + "source.websiteId", "Loyalty events belong to a program, not to a website; leave websiteId out.");
                if (campaignId is not null)
                    errors.Add(prefix + "source.campaignId", "Loyalty events belong to a program, not to a campaign; leave campaignId out.");
            }
        }

        string? subjectId = null;
        ParticipationData? participation = null;
        var dataJson = "{}";
        if (!root.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
            errors.Add(prefix + "data", "data is required.");
        else if (data.ValueKind != JsonValueKind.Object)
            errors.Add(prefix + "data", $"data must be an object, not {Describe(data)}.");
        else if (type is not null)
        {
            dataJson = data.GetRawText();
            if (EventTypes.IsParticipation(type))
            {
                participation = ReadParticipation(data, prefix + "data.", errors);
                subjectId = participation?.Id;
                if (participation is not null && campaignId is not null
                    && data.TryGetProperty("campaign", out var c) && c.ValueKind == JsonValueKind.Object
                    && ReadId(c, "id", prefix + "data.campaign.", errors, required: false) is { } dataCampaign
                    && dataCampaign != campaignId)
                    errors.Add(prefix + "data.campaign.id", $"data.campaign.id '{dataCampaign}' does not match source.campaignId '{campaignId}'.");
            }
            else
                subjectId = ReadMember(data, prefix + "data.", errors);
        }

        if (errors.Count > before || type is null || subjectId is null) return null;
        return new IncomingEvent(type, occurredAt, websiteId, campaignId, programId, subjectId, dataJson, idempotencyKey, participation, prefix, data);
    }

    private static string? ReadType(JsonElement root, string prefix, FieldErrors errors)
    {
        if (!root.TryGetProperty("type", out var t) || t.ValueKind == JsonValueKind.Null)
        {
            errors.Add(prefix + "type", "type is required, e.g. \"participation.completed\" or \"loyalty.points_earned\".");
            return null;
        }
        if (t.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + "type", $"type must be a string, not {Describe(t)}.");
            return null;
        }
        var type = t.GetString()!;
        if (EventTypes.IsKnown(type)) return type;
        errors.Add(prefix + "type", $"Unknown event type '{Truncate(type)}'. Known types: {string.Join(", ", EventTypes.All)}.");
        return null;
    }

    private static string? ReadMember(JsonElement data, string p, FieldErrors errors)
    {
        if (!data.TryGetProperty("member", out var member) || member.ValueKind == JsonValueKind.Null)
        {
            errors.Add(p + "member", "Loyalty events need the member: data.member with at least data.member.id.");
            return null;
        }
        if (member.ValueKind != JsonValueKind.Object)
        {
            errors.Add(p + "member", $"data.member must be an object with an id, not {Describe(member)}.");
            return null;
        }
        return ReadId(member, "id", p + "member.", errors, required: true, what: "the member id");
    }

    private static List<T> ReadArray<T>(JsonElement obj, string name, string p, FieldErrors errors, Func<JsonElement, string, T> read, bool required = false)
    {
        var list = new List<T>();
        if (!obj.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(p + name, $"{name} is required (an empty list is fine).");
            return list;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(p + name, $"{name} must be a list, not {Describe(array)}.");
            return list;
        }
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var ip = $"{p}{name}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) errors.Add(ip, $"Each entry of {name} must be an object, not {Describe(item)}.");
            else list.Add(read(item, ip + "."));
        }
        return list;
    }

    /// <summary>An id: a non-empty string, or an integer (the platform's numeric ids), as text.</summary>
    private static string? ReadId(JsonElement obj, string name, string p, FieldErrors errors, bool required, string? what = null)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(p + name, $"{p}{name} ({what ?? "an id"}) is required.");
            return null;
        }
        string? id = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number when v.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        if (id is null)
        {
            errors.Add(p + name, $"{name} must be a string id, not {Describe(v)}.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(p + name, $"{name} must not be empty.");
            return null;
        }
        if (id.Length > MaxIdLength)
        {
            errors.Add(p + name, $"{name} must be at most {MaxIdLength} characters.");
            return null;
        }
        return id;
    }

    private static string? ReadText(JsonElement obj, string name, string p, FieldErrors errors, bool required = false)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(p + name, $"{name} is required.");
            return null;
        }
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        errors.Add(p + name, $"{name} must be a string, not {Describe(v)}.");
        return null;
    }

    /// <summary>Form values: strings as they are; numbers and booleans as their JSON text.</summary>
    private static string? ReadScalarAsText(JsonElement obj, string name, string p, FieldErrors errors)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        switch (v.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.String: return v.GetString();
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False: return v.GetRawText();
            default:
                errors.Add(p + name, $"{name} must be a string, number or boolean, not {Describe(v)}.");
                return null;
        }
    }

    private static decimal? ReadNumber(JsonElement obj, string name, string p, FieldErrors errors)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) return d;
        errors.Add(p + name, $"{name} must be a number, not {Describe(v)}.");
        return null;
    }

    private static DateTimeOffset? ReadTime(JsonElement obj, string name, string p, FieldErrors errors)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String && Rfc3339().IsMatch(v.GetString()!)
            && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time.ToUniversalTime();
        errors.Add(p + name, $"{name} must be an RFC 3339 date-time with an offset, such as \"2026-03-01T12:30:00Z\", not {Describe(v)}.");
        return null;
    }

    private static void RefuseUnknown(JsonElement obj, string[] allowed, string p, FieldErrors errors)
    {
        foreach (var property in obj.EnumerateObject())
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                errors.Add(p + property.Name, $"Unknown field '{Truncate(property.Name)}'. Allowed here: {string.Join(", ", allowed)}.");
    }

    public static string Format(DateTimeOffset time) => WireTime.Format(time);

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"\"{Truncate(v.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Truncate(v.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {v.GetRawText()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..57] + "…";
}
