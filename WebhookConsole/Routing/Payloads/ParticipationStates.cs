namespace WebhookConsole.Routing.Payloads;

public static class ParticipationStates
{
    public const string Completed = "COMPLETED";
    public const string Incomplete = "INCOMPLETE";
}
