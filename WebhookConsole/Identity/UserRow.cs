namespace WebhookConsole.Identity;

/// <summary>A user as admins see it. <see cref="LockedUntil"/>: locked out after wrong passwords (not disabled).</summary>
public sealed record UserRow(string Id, string Email, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset? LockedUntil,
    bool MustChangePassword, DateTimeOffset CreatedAt)
{
    public bool Locked => LockedUntil is not null;
}

/// <summary>A new account; an admin-set initial password may require a change at first sign-in.</summary>
public sealed record NewUser(string Email, string Password, IReadOnlyList<string> Roles, bool MustChangePassword = false);
