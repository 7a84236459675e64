using WebhookConsole.MappingVariables;

namespace WebhookConsole.Ingest.Payloads;

/// <summary>
/// Payload 1.0 (deprecated since 2021, seed 000): one flat object of strings ("" when unknown), without the questionnaire
/// or the exit screen, which only 2.0 carries. Leads (with sendLeads) appear as `form_&lt;id&gt;` and `optin_&lt;id&gt;`
/// ("1"/"0"/""), the form and opt-in mapping variables as `var_&lt;name&gt;`.
/// </summary>
public static class LegacyPayload
{
    public static byte[] Build(ParticipationView view, ParticipationPayloadOptions options, MappingVariableNames variables) => PayloadWriter.Write(w =>
    {
        var d = view.Data;
        w.WriteStartObject();
        w.WriteString("participationId", d.Id);
        w.WriteString("state", view.State);
        w.WriteString("startedAt", d.StartedAt is { } s ? EventParser.Format(s) : "");
        w.WriteString("completedAt", ParticipationPayloads.CompletedAt(view) is { } c ? EventParser.Format(c) : "");
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
        if (options.SendLeads)
        {
            foreach (var f in d.Form) Pair("form_" + f.Id, f.Text);
            foreach (var o in d.Optins) Pair("optin_" + o.Id, o.Response);
        }
        foreach (var v in variables.All)
        {
            if (v.Type == MappingVariableTypes.Form)
                Pair("var_" + v.Name, d.Form.FirstOrDefault(f => f.Id == v.SourceId)?.Text ?? "");
            else if (v.Type == MappingVariableTypes.Optin)
                Pair("var_" + v.Name, d.Optins.FirstOrDefault(o => o.Id == v.SourceId)?.Response ?? "");
        }
        w.WriteEndObject();
    });
}
