using System.Text.Json;

namespace WebhookConsole.Routing.Payloads;

/// <summary>One loyalty event as it appears in a payload; `Data` is the `data` object the platform sent.</summary>
public sealed record LoyaltyEventView(string EventId, string Type, DateTimeOffset OccurredAt, string ProgramId, string ProgramName, JsonElement Data);

/// <summary>
/// Loyalty payloads (the loyalty webhook's documented shape): a JSON array of event objects `{id,type,occurredAt,program{id,name},member{…},data{…}}`,
/// where `id` is the event id the events API returned, `member` is `data.member` as sent and `data` the rest of `data`.
/// Schema: /schemas/loyalty.json.
/// </summary>
public static class LoyaltyPayloads
{
    public static byte[] Build(IEnumerable<LoyaltyEventView> events) => PayloadWriter.Write(w =>
    {
        w.WriteStartArray();
        foreach (var e in events)
        {
            w.WriteStartObject();
            w.WriteString("id", e.EventId);
            w.WriteString("type", e.Type);
            w.Time("occurredAt", e.OccurredAt);
            w.WriteStartObject("program");
            w.WriteString("id", e.ProgramId);
            w.WriteString("name", e.ProgramName);
            w.WriteEndObject();
            w.WritePropertyName("member");
            e.Data.GetProperty("member").WriteTo(w);
            w.WriteStartObject("data");
            foreach (var property in e.Data.EnumerateObject())
                if (property.Name != "member") property.WriteTo(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });
}
