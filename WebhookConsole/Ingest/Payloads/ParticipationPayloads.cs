using System.Globalization;
using System.Text.Json;
using WebhookConsole.MappingVariables;
using WebhookConsole.Sources;

namespace WebhookConsole.Ingest.Payloads;

public static class ParticipationStates
{
    public const string Completed = "COMPLETED";
    public const string Incomplete = "INCOMPLETE";
}

/// <summary>What an integration asked for: answers and leads are left out unless it opted in.</summary>
public sealed record ParticipationPayloadOptions(bool SendAnswers, bool SendLeads);

/// <summary>
/// Participation payloads, pure functions of the participation and its campaign. Version 2.0 is one JSON object per
/// request (schema /schemas/participation-v2.json); version 1.0 (deprecated) is a flat object of string values
/// (schema /schemas/participation-v1.json).
/// </summary>
public static class ParticipationPayloads
{
    public const string Version2 = "2.0";
    public const string Version1 = "1.0";

    public static byte[] Build(string version, ParticipationData data, string state, Campaign campaign, Website website,
        ParticipationPayloadOptions options, IReadOnlyList<MappingVariable> variables) =>
        version == Version1
            ? V1(data, state, campaign, website, options, variables)
            : V2(data, state, campaign, website, options, variables);

    public static byte[] V2(ParticipationData d, string state, Campaign campaign, Website website,
        ParticipationPayloadOptions options, IReadOnlyList<MappingVariable> variables) => PayloadWriter.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.StringOrNull("ip", d.Ip);
        w.StringOrNull("url", d.Url);
        w.Time("startedAt", d.StartedAt);
        w.Time("completedAt", state == ParticipationStates.Completed ? d.CompletedAt : null);
        w.WriteString("state", state);
        w.StringOrNull("browser", d.Browser);

        w.WriteStartObject("campaign");
        w.WriteString("id", campaign.Id);
        w.WriteString("name", campaign.Name);
        w.WriteString("type", campaign.Type);
        w.WriteStartObject("channel");
        w.WriteStartObject("website");
        w.WriteString("id", website.Id);
        w.WriteString("name", website.Name);
        w.WriteString("domain", website.Domain);
        w.WriteString("country", website.Country);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();

        if (options.SendLeads)
        {
            w.WriteStartArray("form");
            foreach (var f in d.Form)
            {
                w.WriteStartObject();
                w.WriteString("id", f.Id);
                w.StringOrNull("label", f.Label);
                w.StringOrNull("value", f.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("optins");
            foreach (var o in d.Optins)
            {
                w.WriteStartObject();
                w.WriteString("id", o.Id);
                w.StringOrNull("label", o.Label);
                w.WriteBoolean("value", o.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        if (options.SendAnswers)
        {
            w.WriteStartArray("questionnaire");
            foreach (var q in d.Questionnaire)
            {
                w.WriteStartObject();
                w.WriteString("questionId", q.QuestionId);
                w.StringOrNull("question", q.Question);
                w.WriteStartArray("answers");
                foreach (var a in q.Answers)
                {
                    w.WriteStartObject();
                    w.StringOrNull("id", a.Id);
                    w.WriteString("answer", a.Answer);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        w.WriteStartObject("result");
        w.NumberOrNull("score", d.Result.Score);
        w.NumberOrNull("maxScore", d.Result.MaxScore);
        w.StringOrNull("profile", d.Result.Profile);
        w.WriteStartArray("prizes");
        foreach (var p in d.Result.Prizes)
        {
            w.WriteStartObject();
            w.StringOrNull("id", p.Id);
            w.WriteString("name", p.Name);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject("variables");
        foreach (var (name, value) in Variables(d, variables)) w.WriteString(name, value);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// The legacy flat object: every value a string ("" when unknown). Leads appear as `form_&lt;id&gt;` and `optin_&lt;id&gt;`
    /// (with sendLeads), answers as `question_&lt;id&gt;` (with sendAnswers), mapping variables as `var_&lt;name&gt;`.
    /// </summary>
    public static byte[] V1(ParticipationData d, string state, Campaign campaign, Website website,
        ParticipationPayloadOptions options, IReadOnlyList<MappingVariable> variables) => PayloadWriter.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("participationId", d.Id);
        w.WriteString("state", state);
        w.WriteString("startedAt", d.StartedAt is { } s ? EventParser.Format(s) : "");
        w.WriteString("completedAt", state == ParticipationStates.Completed && d.CompletedAt is { } c ? EventParser.Format(c) : "");
        w.WriteString("ip", d.Ip ?? "");
        w.WriteString("url", d.Url ?? "");
        w.WriteString("browser", d.Browser ?? "");
        w.WriteString("campaignId", campaign.Id);
        w.WriteString("campaignName", campaign.Name);
        w.WriteString("campaignType", campaign.Type);
        w.WriteString("websiteId", website.Id);
        w.WriteString("websiteName", website.Name);
        w.WriteString("websiteDomain", website.Domain);
        w.WriteString("websiteCountry", website.Country);
        w.WriteString("score", d.Result.Score is { } score ? PayloadWriter.Normalize(score).ToString(CultureInfo.InvariantCulture) : "");
        w.WriteString("maxScore", d.Result.MaxScore is { } max ? PayloadWriter.Normalize(max).ToString(CultureInfo.InvariantCulture) : "");
        w.WriteString("profile", d.Result.Profile ?? "");
        w.WriteString("prizes", string.Join(", ", d.Result.Prizes.Select(p => p.Name)));
        var written = new HashSet<string>(StringComparer.Ordinal);
        void Pair(string key, string value)
        {
            // A platform sending the same field id twice gets the first value, never invalid JSON.
            if (written.Add(key)) w.WriteString(key, value);
        }
        if (options.SendLeads)
        {
            foreach (var f in d.Form) Pair("form_" + f.Id, f.Value ?? "");
            foreach (var o in d.Optins) Pair("optin_" + o.Id, o.Value ? "1" : "0");
        }
        if (options.SendAnswers)
            foreach (var q in d.Questionnaire) Pair("question_" + q.QuestionId, string.Join(", ", q.Answers.Select(a => a.Answer)));
        foreach (var (name, value) in Variables(d, variables)) Pair("var_" + name, value);
        w.WriteEndObject();
    });

    /// <summary>
    /// Mapping variables, by technical name: an `answer` variable carries the answers to its question (joined by ", "),
    /// an `optin` variable "1" (accepted), "0" (refused) or "" (not asked). Unanswered questions give "".
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Variables(ParticipationData d, IReadOnlyList<MappingVariable> variables)
    {
        foreach (var v in variables.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            var value = v.Type == MappingVariableTypes.Optin
                ? d.Optins.FirstOrDefault(o => o.Id == v.SourceId) is { } optin ? (optin.Value ? "1" : "0") : ""
                : d.Questionnaire.FirstOrDefault(q => q.QuestionId == v.SourceId) is { } q ? string.Join(", ", q.Answers.Select(a => a.Answer)) : "";
            yield return new(v.Name, value);
        }
    }
}
