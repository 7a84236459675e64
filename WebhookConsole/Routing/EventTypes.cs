namespace WebhookConsole.Routing;

public static class EventTypes
{
    public const string ParticipationStarted = "participation.started";
    public const string ParticipationCompleted = "participation.completed";
    /// <summary>The participation so far: updates what a pending INCOMPLETE delivery will carry; delivers nothing itself.</summary>
    public const string ParticipationUpdated = "participation.updated";

    public static readonly string[] Participation = [ParticipationStarted, ParticipationUpdated, ParticipationCompleted];

    public static readonly string[] Loyalty =
    [
        "loyalty.profile_created",
        "loyalty.portal_visited",
        "loyalty.level_changed",
        "loyalty.points_earned",
        "loyalty.points_burned",
        "loyalty.points_credited",
        "loyalty.points_debited",
        "loyalty.reward_offered",
        "loyalty.identifier_added",
    ];

    public static readonly string[] All = [.. Participation, .. Loyalty];

    public static bool IsParticipation(string type) => type.StartsWith("participation.", StringComparison.Ordinal);
    public static bool IsLoyalty(string type) => type.StartsWith("loyalty.", StringComparison.Ordinal);
    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);

    /// <summary>Labels as the help-centre pages name the events.</summary>
    public static string Label(string type) => type switch
    {
        ParticipationStarted => "Participation started",
        ParticipationCompleted => "Participation completed",
        ParticipationUpdated => "Participation updated",
        "loyalty.profile_created" => "Profile created",
        "loyalty.portal_visited" => "Member portal visit",
        "loyalty.level_changed" => "Level changed",
        "loyalty.points_earned" => "Points earned",
        "loyalty.points_burned" => "Points burned",
        "loyalty.points_credited" => "Points changed (+)",
        "loyalty.points_debited" => "Points changed (−)",
        "loyalty.reward_offered" => "Reward offered",
        "loyalty.identifier_added" => "Identifier added",
        _ => type,
    };
}
