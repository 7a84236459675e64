using WebhookConsole.MappingVariables;

namespace WebhookConsole.Routing.Payloads;

/// <summary>
/// Payload 1.0 (deprecated since 2021): one flat object of strings ("" when unknown). It always carries what the platform
/// reported: form fields as `form_&lt;id&gt;`, opt-ins as `optin_&lt;id&gt;` ("1"/"0"/""), questions as `question_&lt;id&gt;`
/// (the responses joined by ", "), the exit screen as `score`, `maxScore`, `profile` and `prizes` (names joined by ", ")
/// when it was reported, and the form and opt-in mapping variables as `var_&lt;name&gt;`.
/// </summary>
public static class LegacyPayload
{
    public static byte[] Build(ParticipationView view, MappingVariableNames variables) => PayloadWriter.Write(w =>
    {
        var d = view.Data;
        w.WriteStartObject();
        w.WriteString("participationId", d.Id);
        w.WriteString("state", view.State);
        w.WriteString("startedAt", d.StartedAt is { } s ? WireTime.Format(s) : "");
        w.WriteString("completedAt", ParticipationPayloads.CompletedAt(view) is { } c ? WireTime.Format(c) : "");
        w.WriteString("ip", d.Ip ?? "");
        w.WriteString("url", d.Url ?? "");
        w.WriteString("browser", ParticipationPayloads.UserAgent(d));
        w.WriteString("campaignId", view.Campaign.Id);
        w.WriteString("campaignName", view.Campaign.Name);
        w.WriteString("campaignType", view.Campaign.Type);
        w.WriteString("websiteId", view.Website.Id);
        w.WriteString("websiteName", view.Website.Name);
        w.WriteString("websiteDomain", view.Website.Domain);
        w.WriteString("websiteCountry", view.Website.Country);
        var written = new HashSet<string>(StringComparer.Ordinal);
        void Pair(string key, string value)
        {
            // A platform sending the same field id twice gets the first value, never invalid JSON.
            if (written.Add(key)) w.WriteString(key, value);
        }
        foreach (var f in d.Form) Pair("form_" + f.Id, f.Text);
        foreach (var o in d.Optins) Pair("optin_" + o.Id, o.Response);
        foreach (var q in d.Questionnaire) Pair("question_" + q.Id, q.Text);
        var result = d.Result;
        if (result.Score is { } score) Pair("score", Number(score));
        if (result.MaxScore is { } maxScore) Pair("maxScore", Number(maxScore));
        if (result.Profile is { } profile) Pair("profile", profile);
        if (result.Prizes.Count > 0) Pair("prizes", string.Join(", ", result.Prizes.Select(p => p.Name)));
        foreach (var v in variables.All)
        {
            if (v.Type == MappingVariableTypes.Form)
                Pair("var_" + v.Name, d.Form.FirstOrDefault(f => f.Id == v.SourceId)?.Text ?? "");
            else if (v.Type == MappingVariableTypes.Optin)
                Pair("var_" + v.Name, d.Optins.FirstOrDefault(o => o.Id == v.SourceId)?.Response ?? "");
        }
        w.WriteEndObject();
    });

    private static string Number(decimal value) => PayloadWriter.Normalize(value).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
