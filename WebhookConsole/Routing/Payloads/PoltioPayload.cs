using System.Globalization;
using System.Text;
using System.Text.Json;
using WebhookConsole.Routing.Participations;

namespace WebhookConsole.Routing.Payloads;

/// <summary>
/// Payload `poltio`: a participation in the shape of Poltio's webhook (docs/decisions.md), so a receiver written for Poltio works
/// unchanged, with its types (<see cref="PoltioIds"/>). The mapping (README, "Poltio payload"): `session_id` = the
/// participation id as a UUID, `complete_session` = state is COMPLETED, `content_id` (a UUID) / `content_type` from the
/// campaign, `answers` from the questionnaire (only with Send Answers), `leads` from the form fields and opt-ins (only
/// with Send Leads). Poltio has no voter or result ids of ours, so `poltio_user_id` and `result_id` are stable numbers
/// derived from the participant (IP and user agent) and the profile.
/// Schema: /schemas/poltio.json.
/// </summary>
public static class PoltioPayload
{
    public static byte[] Build(ParticipationView view, ParticipationPayloadOptions options, DateTimeOffset now) => PayloadWriter.Write(w =>
    {
        var d = view.Data;
        var userId = StableNumber(d.Ip is null && d.Browser?.UserAgent is null ? d.Id : $"{d.Ip}|{d.Browser?.UserAgent}");
        var contentType = ContentType(view.Campaign.Type);
        var completedAt = ParticipationPayloads.CompletedAt(view);
        w.WriteStartObject();
        w.WriteNumber("poltio_user_id", userId);
        w.WriteString("session_id", PoltioIds.Uuid(PoltioIds.ParticipationNamespace, d.Id));
        Time(w, "session_start_date", d.StartedAt);
        Time(w, "session_end_date", completedAt);
        w.StringOrNull("publisher_uuid", Query(d.Url, "puid") ?? Query(d.Url, "uuid"));
        w.StringOrNull("custom_id", Query(d.Url, "custom_id"));
        w.WriteNumber("event_time", now.ToUnixTimeSeconds());
        w.WriteString("content_type", contentType);
        w.WriteString("content_id", PoltioIds.Uuid(PoltioIds.CampaignNamespace, view.Campaign.Id));
        w.WriteBoolean("complete_session", ParticipationPayloads.IsCompleted(view));
        if (options.SendAnswers)
        {
            w.WriteStartArray("answers");
            foreach (var q in d.Questionnaire)
            {
                w.WriteStartObject();
                w.WriteNumber("question_id", PoltioIds.Integer(q.Id));
                w.StringOrNull("question", q.Label);
                w.WriteStartArray("answers");
                foreach (var r in q.Responses)
                {
                    w.WriteStartObject();
                    // An answer the sender did not name is numbered from its question and text, the same every time.
                    w.WriteNumber("answer_id", PoltioIds.Integer(r.Id ?? $"{q.Id}|{r.Label ?? r.Value}"));
                    w.StringOrNull("answer", r.Label ?? r.Value);
                    w.StringOrNull("parent", d.Url);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Result(w, d, completedAt);
        if (options.SendLeads)
        {
            w.WriteStartArray("leads");
            if (d.Form.Count > 0 || d.Optins.Count > 0) Lead(w, d, userId, contentType, view.Campaign.Id, completedAt ?? d.StartedAt);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    });

    private static void Result(Utf8JsonWriter w, ParticipationData d, DateTimeOffset? completedAt)
    {
        var score = d.Result.Score ?? (d.Questionnaire.Any(q => q.Score is not null) ? d.Questionnaire.Sum(q => q.Score ?? 0) : null);
        w.WriteStartObject("result");
        w.WriteNumber("result_id", d.Result.Profile is { } profile ? StableNumber(profile) : 0);
        w.StringOrNull("result_title", d.Result.Profile);
        w.WriteNull("result_image");
        w.WriteNull("result_desc");
        w.WriteNumber("time_spent", d.StartedAt is { } s && completedAt is { } c ? (long)(c - s).TotalMilliseconds : 0);
        w.WriteNumber("right_answer", d.Questionnaire.Count(q => q.Responses.Any(r => r.IsCorrect == true)));
        w.StringOrNull("calculator_result", score is { } n ? PayloadWriter.Normalize(n).ToString(CultureInfo.InvariantCulture) : null);
        w.WriteEndObject();
    }

    /// <summary>The one lead a participation's form makes, its fields recognised by type, variable or id.</summary>
    private static void Lead(Utf8JsonWriter w, ParticipationData d, int userId, string contentType, string contentId, DateTimeOffset? createdAt)
    {
        string? Field(params string[] keys) => d.Form.FirstOrDefault(f => Matches(f, keys))?.Text is { Length: > 0 } text ? text : null;
        var name = Field("name", "fullname")
            ?? (string.Join(" ", new[] { Field("firstname"), Field("lastname") }.Where(n => n is not null)) is { Length: > 0 } joined ? joined : null);
        w.WriteStartObject();
        w.WriteNumber("user_id", userId);
        w.StringOrNull("phone", Field("phone", "mobile", "telephone", "gsm", "phonenumber"));
        w.StringOrNull("email", Field("email", "mail"));
        w.StringOrNull("name", name);
        w.StringOrNull("comment", Field("comment", "comments", "message"));
        Time(w, "created_at", createdAt);
        // Poltio asks whether the terms were accepted: true when the participant accepted every opt-in shown.
        w.WriteBoolean("tc_checked", d.Optins.Count > 0 && d.Optins.All(o => o.IsAccepted));
        w.WriteString("content_type", contentType);
        w.WriteNumber("content_id", PoltioIds.Integer(contentId));
        w.WriteEndObject();
    }

    private static bool Matches(FormField f, string[] keys) =>
        new[] { f.Type, f.Variable, f.Id }.Any(k => k is not null && keys.Contains(Key(k), StringComparer.Ordinal));

    private static string Key(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    /// <summary>Poltio's content types: set, quiz, test, survey, content.</summary>
    public static string ContentType(string campaignType)
    {
        // Whole words, so a "contest" is not taken for a "test".
        var words = campaignType.ToLowerInvariant().Split([' ', '_', '-', '/'], StringSplitOptions.RemoveEmptyEntries);
        return words.Any(w => w.StartsWith("quiz", StringComparison.Ordinal)) ? "quiz"
            : words.Any(w => w is "survey" or "poll") ? "survey"
            : words.Any(w => w is "test" or "personality") ? "test"
            : "content";
    }

    /// <summary>Poltio's time format: UTC with microseconds, "2024-01-23T11:59:33.000000Z".</summary>
    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is null) w.WriteNull(name);
        else w.WriteString(name, time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }

    private static string? Query(string? url, string key)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (Uri.UnescapeDataString(parts[0]) == key && parts.Length == 2) return Uri.UnescapeDataString(parts[1].Replace('+', ' '));
        }
        return null;
    }

    /// <summary>A positive 31-bit FNV-1a hash: the same text always gives the same number, across processes and versions.</summary>
    public static int StableNumber(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }
}
