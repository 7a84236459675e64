namespace WebhookConsole.Routing.Participations;

/// <summary>What the exit screen showed, as the platform reports it in `data.result`.</summary>
public sealed record ParticipationResult(decimal? Score, decimal? MaxScore, string? Profile, IReadOnlyList<Prize> Prizes)
{
    public static readonly ParticipationResult Empty = new(null, null, null, []);
}

public sealed record Prize(string? Id, string Name);
