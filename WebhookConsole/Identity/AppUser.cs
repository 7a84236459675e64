using Microsoft.AspNetCore.Identity;

namespace WebhookConsole.Identity;

public sealed class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
