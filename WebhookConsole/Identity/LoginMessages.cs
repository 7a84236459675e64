namespace WebhookConsole.Identity;

/// <summary>
/// The only texts the sign-in page shows, chosen by a code in the query string: free text there would let a link
/// put any message on the console's own sign-in page (a phishing aid).
/// </summary>
public static class LoginMessages
{
    public const string Missing = "missing";
    public const string Invalid = "invalid";
    public const string TooMany = "too-many";

    // A locked or disabled account gets the same answer as a wrong password, so the message does not tell
    // which e-mail addresses have accounts.
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        [Missing] = "Enter your e-mail and password.",
        [Invalid] = "Wrong e-mail or password, or the account is locked or disabled.",
        [TooMany] = "Too many sign-in attempts from this address. Wait a minute, then try again.",
    };

    public static string? For(string? code) => code is not null && Texts.TryGetValue(code, out var text) ? text : null;
}
