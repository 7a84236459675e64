namespace WebhookConsole.Domain;

public static class IntegrationKind
{
    public const string Participation = "participation";
    public const string Loyalty = "loyalty";
    public static readonly string[] All = [Participation, Loyalty];
}
