using System.ComponentModel;

namespace WebhookConsole.Identity;

/// <summary>A user as the users API returns it; `role` is the most powerful of `roles`.</summary>
public sealed record UserDto(
    string Id,
    string Email,
    [property: Description("The user's most powerful role: Admin, ProgramManager or Support.")] string? Role,
    [property: Description("Every role the user has.")] IReadOnlyList<string> Roles,
    [property: Description("Switched off by an admin: cannot sign in.")] bool Disabled,
    [property: Description("Locked out after wrong passwords until `lockedUntil` (read-only; PATCH `unlock: true` lifts it).")] bool Locked,
    DateTimeOffset? LockedUntil,
    [property: Description("The password was set by an admin: the next sign-in must choose a new one.")] bool MustChangePassword,
    DateTimeOffset CreatedAt)
{
    public static UserDto Of(UserRow r) => new(r.Id, r.Email, r.Roles.Count > 0 ? r.Roles[0] : null, r.Roles, r.Disabled, r.Locked, r.LockedUntil, r.MustChangePassword, r.CreatedAt);
}

/// <summary>Body of POST /api/v1/users: `role` or `roles` (at least one).</summary>
public sealed record UserCreateRequest(string? Email, string? Password, string? Role = null, IReadOnlyList<string>? Roles = null,
    [property: Description("Require a new password at first sign-in (default true: the admin chose this one).")] bool? MustChangePassword = null);

/// <summary>Body of PATCH /api/v1/users/{id}: each field present is applied, in the order listed.</summary>
public sealed record UserPatchRequest(
    [property: Description("Replaces the user's roles with this one.")] string? Role = null,
    [property: Description("Replaces the user's roles with these.")] IReadOnlyList<string>? Roles = null,
    [property: Description("true disables (sessions end, no sign-in); false enables (and lifts a lockout).")] bool? Disabled = null,
    [property: Description("true lifts a lockout after wrong passwords.")] bool? Unlock = null,
    [property: Description("An admin reset: the user's sessions end and they must choose a new password at next sign-in.")] string? Password = null);
