using System.Globalization;
using System.Security.Claims;

namespace WebhookConsole.Identity;

/// <summary>Claims of a console session beside Identity's own: when it began, and whether the password must change first.</summary>
public static class SessionClaims
{
    /// <summary>Unix seconds of the password sign-in; kept when the cookie is renewed, so a session cannot slide for ever.</summary>
    public const string SignedInAt = "wc:signed_in_at";
    /// <summary>Present while the user must replace a password an admin set.</summary>
    public const string MustChangePassword = "wc:must_change_password";

    public static Claim SignedInAtClaim(DateTimeOffset now) =>
        new(SignedInAt, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    /// <summary>True when the session began longer ago than <paramref name="lifetime"/> (or its start is unknown).</summary>
    public static bool IsExpired(ClaimsPrincipal principal, DateTimeOffset now, TimeSpan lifetime) =>
        !long.TryParse(principal.FindFirstValue(SignedInAt), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        || now - DateTimeOffset.FromUnixTimeSeconds(seconds) > lifetime;
}
