using System.Security.Claims;

namespace WebhookConsole.Identity;

public static class CurrentActor
{
    /// <summary>Who did it, as the audit log shows it: the user's e-mail or `apikey:&lt;name&gt;`.</summary>
    public static string Of(ClaimsPrincipal? user) => user?.Identity?.Name ?? "anonymous";
}
