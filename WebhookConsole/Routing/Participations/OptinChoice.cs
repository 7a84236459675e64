namespace WebhookConsole.Routing.Participations;

/// <summary>One opt-in: `response` is Qualifio's "1" (accepted), "0" (refused) or "" (not answered).</summary>
public sealed record OptinChoice(string Id, string? Label, string? Description, string Response, string? Variable)
{
    public const string Accepted = "1";
    public const string Refused = "0";

    public bool IsAccepted => Response == Accepted;
}
