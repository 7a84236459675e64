namespace WebhookConsole.MappingVariables;

public static class MappingVariableTypes
{
    /// <summary>Reads the answers to a question (by question id).</summary>
    public const string Answer = "answer";
    /// <summary>Reads an opt-in (by opt-in id): "1" accepted, "0" refused, "" not asked.</summary>
    public const string Optin = "optin";
    /// <summary>Reads a form field (by field id): its value(s), joined by ", ".</summary>
    public const string Form = "form";
    public static readonly string[] All = [Answer, Optin, Form];
}
