namespace WebhookConsole.Routing.Participations;

/// <summary>One question of the questionnaire with the participant's responses.</summary>
public sealed record Question(string Id, string? Label, string? Type, decimal? Score, decimal? MaxScore, string? Variable,
    IReadOnlyList<QuestionResponse> Responses)
{
    /// <summary>The responses as one text: labels (or values) joined by ", ".</summary>
    public string Text => string.Join(", ", Responses.Select(r => r.Label ?? r.Value).Where(v => !string.IsNullOrEmpty(v)));
}

/// <summary>A response: Qualifio's `{value,score,isCorrect}`; `Id` is kept when the sender names the answer.</summary>
public sealed record QuestionResponse(string? Id, string? Value, string? Label, decimal? Score, bool? IsCorrect);
