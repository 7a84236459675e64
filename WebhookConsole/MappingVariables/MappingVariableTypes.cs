namespace WebhookConsole.MappingVariables;

public static class MappingVariableTypes
{
    /// <summary>Reads the answers to a question (by question id).</summary>
    public const string Answer = "answer";
    /// <summary>Reads an opt-in (by opt-in id): "1" accepted, "0" refused, "" not asked.</summary>
    public const string Optin = "optin";
    public static readonly string[] All = [Answer, Optin];
}
