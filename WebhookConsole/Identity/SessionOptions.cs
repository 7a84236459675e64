namespace WebhookConsole.Identity;

/// <summary>`Auth:SessionLifetime` (12 h): how long a sign-in lasts at most, whatever the activity.</summary>
public sealed class SessionOptions
{
    public const string Section = "Auth";

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
    /// <summary>How often an open page rechecks its user (disabled, roles or password changed, signed out elsewhere).</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(5);
}
