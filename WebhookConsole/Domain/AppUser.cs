using Microsoft.AspNetCore.Identity;

namespace WebhookConsole.Domain;

public sealed class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Switched off by an admin: cannot sign in, open sessions end. Kept apart from the lockout after wrong passwords.</summary>
    public bool Disabled { get; set; }
    /// <summary>The password was set by an admin: the next sign-in must choose a new one first.</summary>
    public bool MustChangePassword { get; set; }
}
