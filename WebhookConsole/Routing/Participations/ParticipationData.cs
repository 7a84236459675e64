namespace WebhookConsole.Routing.Participations;

/// <summary>
/// The participation the platform reported (`data` of participation events), read into Qualifio's 2.x terms whichever
/// of the two accepted shapes it came in (Qualifio's own, or the console's earlier flat lists). Ids are text here;
/// the 2.x payload copies the original tokens, so a numeric id stays a number.
/// </summary>
public sealed record ParticipationData(
    string Id,
    string? Ip,
    string? Url,
    ParticipationBrowser? Browser,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<FormField> Form,
    IReadOnlyList<OptinChoice> Optins,
    IReadOnlyList<Question> Questionnaire,
    ParticipationResult Result);

/// <summary>`browser`: Qualifio's object; a plain string is taken as the user agent.</summary>
public sealed record ParticipationBrowser(string? Device, string? UserAgent);
