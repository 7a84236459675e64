namespace WebhookConsole.Ingest;

/// <summary>An event request that passed the shape checks of <see cref="EventParser"/>; source ids are not yet checked against the database.</summary>
public sealed record IncomingEvent(
    string Type,
    DateTimeOffset? OccurredAt,
    string? WebsiteId,
    string? CampaignId,
    string? ProgramId,
    // Participation id or member id.
    string SubjectId,
    // The `data` object exactly as received.
    string DataJson,
    string? IdempotencyKey,
    ParticipationData? Participation,
    // Where the event sits in the request: "" for a single event, "events[3]." in a batch.
    string FieldPrefix);

/// <summary>The participation fields the platform reports (`data` of participation events).</summary>
public sealed record ParticipationData(
    string Id,
    string? Ip,
    string? Url,
    string? Browser,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<FormField> Form,
    IReadOnlyList<OptinChoice> Optins,
    IReadOnlyList<QuestionAnswers> Questionnaire,
    ParticipationResult Result);

public sealed record FormField(string Id, string? Label, string? Value);

public sealed record OptinChoice(string Id, string? Label, bool Value);

public sealed record QuestionAnswers(string QuestionId, string? Question, IReadOnlyList<AnswerChoice> Answers);

public sealed record AnswerChoice(string? Id, string Answer);

public sealed record ParticipationResult(decimal? Score, decimal? MaxScore, string? Profile, IReadOnlyList<Prize> Prizes)
{
    public static readonly ParticipationResult Empty = new(null, null, null, []);
}

public sealed record Prize(string? Id, string Name);
