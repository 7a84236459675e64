using System.Text.Json;
using WebhookConsole.Routing.Participations;

namespace WebhookConsole.Ingest;

/// <summary>
/// Participation `data`: Qualifio's 2.x participation object (what Qualifio itself would push: `browser{…}`,
/// `form[{id,label,type,variable,responses[]}]`, `optins[{id,label,description,response,variable,categories[]}]`,
/// `questionnaire[{id,label,type,score,maxScore,variable,responses[]}]`), or the console's earlier flat lists
/// (`form[{id,label,value}]`, `optins[{id,label,value:bool}]`, `questionnaire[{questionId,question,answers[{id,answer}]}]`),
/// item by item. Other fields are kept in the stored `data` and travel on in the 2.x payload.
/// </summary>
public static partial class EventParser
{
    private static readonly string[] OptinResponses = [OptinChoice.Accepted, OptinChoice.Refused, ""];

    /// <summary>A participation `data` object on its own (sample events); problems are reported under `data.`.</summary>
    public static ParticipationData? ReadParticipationData(JsonElement data, FieldErrors errors) => ReadParticipation(data, "data.", errors);

    private static ParticipationData? ReadParticipation(JsonElement data, string p, FieldErrors errors)
    {
        var before = errors.Count;
        var id = ReadId(data, "id", p, errors, required: true, what: "the participation id");
        var ip = ReadText(data, "ip", p, errors);
        var url = ReadText(data, "url", p, errors);
        var browser = ReadBrowser(data, p, errors);
        var startedAt = ReadTime(data, "startedAt", p, errors);
        var completedAt = ReadTime(data, "completedAt", p, errors);
        if (startedAt is not null && completedAt is not null && completedAt < startedAt)
            errors.Add(p + "completedAt", "completedAt must not be before startedAt.");
        if (data.TryGetProperty("campaign", out var campaign) && campaign.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            errors.Add(p + "campaign", $"campaign must be an object with an id, not {Describe(campaign)}.");

        var form = ReadArray(data, "form", p, errors, (item, ip2) => ReadFormField(item, ip2, errors));
        var optins = ReadArray(data, "optins", p, errors, (item, ip2) => ReadOptin(item, ip2, errors));
        var questionnaire = ReadArray(data, "questionnaire", p, errors, (item, ip2) => ReadQuestion(item, ip2, errors));
        var result = ReadResult(data, p, errors);
        if (errors.Count > before || id is null) return null;
        return new ParticipationData(id, ip, url, browser, startedAt, completedAt, form, optins, questionnaire, result);
    }

    private static ParticipationBrowser? ReadBrowser(JsonElement data, string p, FieldErrors errors)
    {
        if (!data.TryGetProperty("browser", out var b)) return null;
        switch (b.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.String: return new ParticipationBrowser(null, b.GetString());
            case JsonValueKind.Object: return new ParticipationBrowser(ReadText(b, "device", p + "browser.", errors), ReadText(b, "userAgent", p + "browser.", errors));
            default:
                errors.Add(p + "browser", $"browser must be an object {{device, userAgent}} (or the user agent as a string), not {Describe(b)}.");
                return null;
        }
    }

    private static FormField ReadFormField(JsonElement item, string p, FieldErrors errors)
    {
        var id = ReadId(item, "id", p, errors, required: true, what: "the form field id") ?? "";
        var label = ReadText(item, "label", p, errors);
        var type = ReadText(item, "type", p, errors);
        var variable = ReadText(item, "variable", p, errors);
        IReadOnlyList<FormResponse> responses = item.TryGetProperty("responses", out _)
            ? ReadArray(item, "responses", p, errors, (r, rp) => new FormResponse(
                ReadScalarAsText(r, "value", rp, errors), ReadText(r, "label", rp, errors), ReadFileName(r, rp, errors)), required: true)
            : ReadScalarAsText(item, "value", p, errors) is { } value ? [new FormResponse(value, null, null)] : [];
        return new FormField(id, label, type, variable, responses);
    }

    private static string? ReadFileName(JsonElement response, string p, FieldErrors errors)
    {
        if (!response.TryGetProperty("file", out var file) || file.ValueKind == JsonValueKind.Null) return null;
        if (file.ValueKind == JsonValueKind.Object) return ReadText(file, "name", p + "file.", errors);
        errors.Add(p + "file", $"file must be an object {{path, name, type}}, not {Describe(file)}.");
        return null;
    }

    private static OptinChoice ReadOptin(JsonElement item, string p, FieldErrors errors)
    {
        var id = ReadId(item, "id", p, errors, required: true, what: "the opt-in id") ?? "";
        var label = ReadText(item, "label", p, errors);
        var description = ReadText(item, "description", p, errors);
        var variable = ReadText(item, "variable", p, errors);
        if (item.TryGetProperty("categories", out var categories) && categories.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            errors.Add(p + "categories", $"categories must be a list, not {Describe(categories)}.");
        return new OptinChoice(id, label, description, ReadOptinResponse(item, p, errors), variable);
    }

    /// <summary>Qualifio's `response` ("1", "0", ""), or the earlier boolean `value`.</summary>
    private static string ReadOptinResponse(JsonElement item, string p, FieldErrors errors)
    {
        if (item.TryGetProperty("response", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind == JsonValueKind.String && OptinResponses.Contains(r.GetString()!)) return r.GetString()!;
            errors.Add(p + "response", $"response must be \"1\" (accepted), \"0\" (refused) or \"\" (not answered), not {Describe(r)}.");
            return "";
        }
        if (item.TryGetProperty("value", out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return v.GetBoolean() ? OptinChoice.Accepted : OptinChoice.Refused;
        if (item.TryGetProperty("value", out v) && v.ValueKind != JsonValueKind.Null)
            errors.Add(p + "value", $"value must be true (accepted) or false (refused), not {Describe(v)}; or give Qualifio's response \"1\" / \"0\" / \"\".");
        else errors.Add(p + "response", "response is required: \"1\" when the participant accepted the opt-in, \"0\" when not, \"\" when not answered.");
        return "";
    }

    private static Question ReadQuestion(JsonElement item, string p, FieldErrors errors)
    {
        var legacy = !item.TryGetProperty("id", out _) && item.TryGetProperty("questionId", out _);
        var id = ReadId(item, legacy ? "questionId" : "id", p, errors, required: true, what: "the question id") ?? "";
        var label = ReadText(item, legacy ? "question" : "label", p, errors);
        var type = ReadText(item, "type", p, errors);
        var score = ReadNumber(item, "score", p, errors);
        var maxScore = ReadNumber(item, "maxScore", p, errors);
        var variable = ReadText(item, "variable", p, errors);
        var responses = item.TryGetProperty("responses", out _) || (!legacy && !item.TryGetProperty("answers", out _))
            ? ReadArray(item, "responses", p, errors, (r, rp) => new QuestionResponse(
                ReadId(r, "id", rp, errors, required: false), ReadScalarAsText(r, "value", rp, errors), ReadText(r, "label", rp, errors),
                ReadNumber(r, "score", rp, errors), ReadOptionalBool(r, "isCorrect", rp, errors)), required: true)
            : ReadArray(item, "answers", p, errors, (a, ap) => new QuestionResponse(
                ReadId(a, "id", ap, errors, required: false), ReadText(a, "answer", ap, errors, required: true) ?? "", null, null, null), required: true);
        return new Question(id, label, type, score, maxScore, variable, responses);
    }

    private static ParticipationResult ReadResult(JsonElement data, string p, FieldErrors errors)
    {
        if (!data.TryGetProperty("result", out var r) || r.ValueKind == JsonValueKind.Null) return ParticipationResult.Empty;
        if (r.ValueKind != JsonValueKind.Object)
        {
            errors.Add(p + "result", $"result must be an object, not {Describe(r)}.");
            return ParticipationResult.Empty;
        }
        var rp = p + "result.";
        return new ParticipationResult(
            ReadNumber(r, "score", rp, errors),
            ReadNumber(r, "maxScore", rp, errors),
            ReadText(r, "profile", rp, errors),
            ReadArray(r, "prizes", rp, errors, (prize, pp) => new Prize(
                ReadId(prize, "id", pp, errors, required: false),
                ReadText(prize, "name", pp, errors, required: true) ?? "")));
    }

    private static bool? ReadOptionalBool(JsonElement obj, string name, string p, FieldErrors errors)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        errors.Add(p + name, $"{name} must be true or false, not {Describe(v)}.");
        return null;
    }
}
