using System.Text.Json;
using WebhookConsole.MappingVariables;
using WebhookConsole.Routing.Participations;

namespace WebhookConsole.Routing.Payloads;

/// <summary>
/// Payload 2.0: Qualifio's participation webhook object (schema 2.3.0), field for field. What the platform sent in that
/// shape comes out unchanged (`browser`, `campaign.themes`, `channel`, form responses with files, opt-in
/// categories, question scores, and any further fields) except that the console owns `state` and the times, fills in
/// what the sources know (campaign name and type, website) and a missing `variable` from the mapping variables. Like
/// Qualifio's own webhook it always carries `form`, `optins` and `questionnaire` (Send answers / Send leads are Poltio
/// options), and the exit screen (`result`) when the platform reported one. Items in the console's earlier flat shape
/// are written in Qualifio's shape. Ids Qualifio types as integers (campaign, website, form field, opt-in, question,
/// response) go out as JSON numbers when numeric, whatever form they came in (<see cref="QualifioIds"/>); the
/// participation id is text, as in Qualifio's example.
/// </summary>
public static class QualifioPayload
{
    private static readonly HashSet<string> TopLevel = ["id", "ip", "url", "startedAt", "completedAt", "state", "browser", "campaign", "form", "optins", "questionnaire"];
    private static readonly HashSet<string> CampaignFields = ["id", "name", "themes", "type", "channel"];
    private static readonly HashSet<string> ChannelFields = ["uuid", "publishType", "dateStart", "dateEnd", "website"];
    private static readonly HashSet<string> WebsiteFields = ["id", "name", "domain", "country"];
    private static readonly HashSet<string> FormFields = ["id", "label", "type", "variable", "responses", "value"];
    private static readonly HashSet<string> OptinFields = ["id", "label", "description", "response", "variable", "categories", "value"];
    private static readonly HashSet<string> QuestionFields = ["id", "questionId", "label", "question", "type", "score", "maxScore", "variable", "responses", "answers"];

    public static byte[] Build(ParticipationView view, MappingVariableNames variables) => PayloadWriter.Write(w =>
    {
        var (d, raw) = (view.Data, view.Raw);
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.StringOrNull("ip", d.Ip);
        w.StringOrNull("url", d.Url);
        w.Time("startedAt", d.StartedAt);
        w.Time("completedAt", ParticipationPayloads.CompletedAt(view));
        w.WriteString("state", view.State);
        if (raw.Child("browser").ValueKind == JsonValueKind.Object) w.CopyOr(raw, "browser", _ => { });
        else Browser(w, d.Browser);
        Campaign(w, view);
        Items(w, "form", raw, d.Form, (item, f) => FormField(w, item, f, variables));
        Items(w, "optins", raw, d.Optins, (item, o) => Optin(w, item, o, variables));
        Items(w, "questionnaire", raw, d.Questionnaire, (item, q) => Question(w, item, q, variables));
        w.CopyRest(raw, TopLevel);
        w.WriteEndObject();
    });

    private static void Browser(Utf8JsonWriter w, ParticipationBrowser? browser)
    {
        if (browser is null)
        {
            w.WriteNull("browser");
            return;
        }
        w.WriteStartObject("browser");
        w.StringOrNull("device", browser.Device);
        w.StringOrNull("userAgent", browser.UserAgent);
        w.WriteEndObject();
    }

    /// <summary>The campaign as the platform described it, completed from the console's campaign and website.</summary>
    private static void Campaign(Utf8JsonWriter w, ParticipationView view)
    {
        var c = view.Raw.Child("campaign");
        var channel = c.Child("channel");
        var website = channel.Child("website");
        w.WriteStartObject("campaign");
        QualifioIds.Write(w, "id", c.Child("id"), view.Campaign.Id);
        w.CopyOr(c, "name", x => x.WriteString("name", view.Campaign.Name));
        w.CopyOr(c, "themes", x => { x.WriteStartArray("themes"); x.WriteEndArray(); });
        w.CopyOr(c, "type", x => x.WriteString("type", view.Campaign.Type));
        w.WriteStartObject("channel");
        foreach (var name in new[] { "uuid", "publishType", "dateStart", "dateEnd" }) w.CopyOr(channel, name, x => x.WriteNull(name));
        w.WriteStartObject("website");
        QualifioIds.Write(w, "id", website.Child("id"), view.Website.Id);
        w.CopyOr(website, "name", x => x.WriteString("name", view.Website.Name));
        w.CopyOr(website, "domain", x => x.WriteString("domain", view.Website.Domain));
        w.CopyOr(website, "country", x => x.WriteString("country", view.Website.Country));
        w.CopyRest(website, WebsiteFields);
        w.WriteEndObject();
        w.CopyRest(channel, ChannelFields);
        w.WriteEndObject();
        w.CopyRest(c, CampaignFields);
        w.WriteEndObject();
    }

    /// <summary>An array of the parsed items beside the objects they were read from (the parser keeps one per object, in order).</summary>
    private static void Items<T>(Utf8JsonWriter w, string name, JsonElement raw, IReadOnlyList<T> parsed, Action<JsonElement, T> write)
    {
        w.WriteStartArray(name);
        var source = raw.Child(name);
        var i = 0;
        if (source.ValueKind == JsonValueKind.Array)
            foreach (var item in source.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Object && i < parsed.Count)
                    write(item, parsed[i++]);
        w.WriteEndArray();
    }

    private static void FormField(Utf8JsonWriter w, JsonElement item, FormField f, MappingVariableNames variables)
    {
        w.WriteStartObject();
        QualifioIds.Write(w, "id", item.Child("id"), f.Id);
        w.StringOrNull("label", f.Label);
        w.StringOrNull("type", f.Type);
        w.StringOrNull("variable", ParticipationPayloads.VariableOf(f.Variable, MappingVariableTypes.Form, f.Id, variables));
        w.CopyOr(item, "responses", x =>
        {
            x.WriteStartArray("responses");
            foreach (var r in f.Responses)
            {
                x.WriteStartObject();
                x.StringOrNull("value", r.Value);
                x.WriteEndObject();
            }
            x.WriteEndArray();
        });
        w.CopyRest(item, FormFields);
        w.WriteEndObject();
    }

    private static void Optin(Utf8JsonWriter w, JsonElement item, OptinChoice o, MappingVariableNames variables)
    {
        w.WriteStartObject();
        QualifioIds.Write(w, "id", item.Child("id"), o.Id);
        w.StringOrNull("label", o.Label);
        w.StringOrNull("description", o.Description);
        w.WriteString("response", o.Response);
        w.StringOrNull("variable", ParticipationPayloads.VariableOf(o.Variable, MappingVariableTypes.Optin, o.Id, variables));
        if (item.Child("categories").ValueKind == JsonValueKind.Array) QualifioIds.CopyObjects(w, "categories", item.Child("categories"));
        else
        {
            w.WriteStartArray("categories");
            w.WriteEndArray();
        }
        w.CopyRest(item, OptinFields);
        w.WriteEndObject();
    }

    private static void Question(Utf8JsonWriter w, JsonElement item, Question q, MappingVariableNames variables)
    {
        w.WriteStartObject();
        QualifioIds.Write(w, "id", item.Child(item.TryGetProperty("id", out _) ? "id" : "questionId"), q.Id);
        w.StringOrNull("label", q.Label);
        w.StringOrNull("type", q.Type);
        w.CopyOr(item, "score", x => x.WriteNull("score"));
        w.CopyOr(item, "maxScore", x => x.WriteNull("maxScore"));
        w.StringOrNull("variable", ParticipationPayloads.VariableOf(q.Variable, MappingVariableTypes.Answer, q.Id, variables));
        if (item.Child("responses").ValueKind == JsonValueKind.Array) QualifioIds.CopyObjects(w, "responses", item.Child("responses"));
        else
        {
            var x = w;
            x.WriteStartArray("responses");
            foreach (var r in q.Responses)
            {
                x.WriteStartObject();
                if (r.Id is not null) QualifioIds.Write(x, "id", default, r.Id);
                x.StringOrNull("value", r.Value);
                x.NumberOrNull("score", r.Score);
                if (r.IsCorrect is { } correct) x.WriteBoolean("isCorrect", correct);
                else x.WriteNull("isCorrect");
                x.WriteEndObject();
            }
            x.WriteEndArray();
        }
        w.CopyRest(item, QuestionFields);
        w.WriteEndObject();
    }
}
