namespace WebhookConsole.Signatures;

/// <summary>The usual reasons a receiver's signature check fails, as the checker names them.</summary>
public static class SignatureCauses
{
    public const string ReserialisedJson = "re-serialised JSON";
    public const string TrimmedWhitespace = "trimmed whitespace";
    public const string WrongKeyForm = "wrong key form";
    public const string StaleTimestamp = "timestamp outside 5 minutes";
    public const string WrongFormat = "wrong format";
    public const string Missing = "missing headers";
    public const string NoMatch = "different secret or body";
}
