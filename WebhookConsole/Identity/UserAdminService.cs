using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Identity;

/// <summary>
/// User management for admins: create, change roles, disable/enable, unlock, reset the password, delete. Every change
/// is audited in the same transaction, and every change that must end the user's sessions changes the security stamp.
/// At least one enabled admin always remains.
/// </summary>
public sealed class UserAdminService(UserManager<AppUser> users, AppDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<List<UserRow>> ListAsync(CancellationToken ct = default)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roleLinks = await RoleLinks().ToListAsync(ct);
        return all.Select(u => Row(u, roleLinks.Where(l => l.UserId == u.Id).Select(l => l.Name))).ToList();
    }

    public async Task<UserRow> GetAsync(string userId, CancellationToken ct = default)
    {
        var user = await FindAsync(userId);
        var roles = await RoleLinks().Where(l => l.UserId == user.Id).Select(l => l.Name).ToListAsync(ct);
        return Row(user, roles);
    }

    public static Dictionary<string, string[]> Validate(string? email, string? password, IEnumerable<string>? roles)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(email)) errors["email"] = ["E-mail is required."];
        else if (!System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _)) errors["email"] = ["E-mail is not a valid address."];
        if (PasswordProblem(password) is { } problem) errors["password"] = [problem];
        if (RolesProblem(roles?.ToList()) is { } rolesProblem) errors["roles"] = [rolesProblem];
        return errors;
    }

    public async Task<AppUser> CreateAsync(NewUser input, string actor, CancellationToken ct = default)
    {
        var errors = Validate(input.Email, input.Password, input.Roles);
        if (errors.Count > 0) throw new ValidationException(errors);
        var email = input.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
            throw new ConflictException($"A user with e-mail {email} already exists.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow(), MustChangePassword = input.MustChangePassword };
        Check(await users.CreateAsync(user, input.Password), "password");
        Check(await users.AddToRolesAsync(user, input.Roles.Distinct()), "roles");
        audit.Add(db, actor, "user.created", "User", user.Id, null, new { email, roles = input.Roles });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user;
    }

    public async Task SetRolesAsync(string userId, IReadOnlyList<string> roles, string actor, CancellationToken ct = default)
    {
        if (RolesProblem(roles) is { } problem) throw Invalid("roles", problem);
        var user = await FindAsync(userId);
        var current = await users.GetRolesAsync(user);
        if (current.ToHashSet().SetEquals(roles)) return;
        if (current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin)) await EnsureAnotherAdminAsync(user, "demote");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.RemoveFromRolesAsync(user, current.Except(roles)), "roles");
        Check(await users.AddToRolesAsync(user, roles.Except(current).Distinct()), "roles");
        await users.UpdateSecurityStampAsync(user);
        audit.Add(db, actor, "user.roles_changed", "User", user.Id, new { roles = current }, new { roles });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Disable: no sign-in, every session ends (security stamp). Enable also lifts a lockout left from wrong passwords.</summary>
    public async Task SetDisabledAsync(string userId, bool disabled, string actor, CancellationToken ct = default)
    {
        var user = await FindAsync(userId);
        if (user.Disabled == disabled) return;
        if (disabled && IsSelf(user, actor)) throw Invalid("disabled", "You cannot disable yourself.");
        if (disabled && await users.IsInRoleAsync(user, Roles.Admin)) await EnsureAnotherAdminAsync(user, "disable");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.Disabled = disabled;
        if (!disabled) await ClearLockoutAsync(user);
        Check(await users.UpdateAsync(user), "disabled");
        await users.UpdateSecurityStampAsync(user);
        audit.Add(db, actor, disabled ? "user.disabled" : "user.enabled", "User", user.Id, null, new { email = user.Email });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Lifts a lockout after wrong passwords at once (the account is not disabled by one).</summary>
    public async Task UnlockAsync(string userId, string actor, CancellationToken ct = default)
    {
        var user = await FindAsync(userId);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ClearLockoutAsync(user);
        audit.Add(db, actor, "user.unlocked", "User", user.Id, null, new { email = user.Email });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>An admin sets a new password: the user's sessions end and the next sign-in must choose their own.</summary>
    public async Task ResetPasswordAsync(string userId, string password, string actor, CancellationToken ct = default)
    {
        if (PasswordProblem(password) is { } problem) throw Invalid("password", problem);
        var user = await FindAsync(userId);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, password), "password");
        user.MustChangePassword = true;
        Check(await users.UpdateAsync(user), "password");
        await ClearLockoutAsync(user);
        audit.Add(db, actor, "user.password_reset", "User", user.Id, null, new { email = user.Email, mustChangePassword = true });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The user changes their own password (knowing the current one); a forced change is then done.</summary>
    public async Task ChangeOwnPasswordAsync(AppUser user, string? current, string? password, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(current)) throw Invalid("currentPassword", "Enter your current password.");
        if (PasswordProblem(password) is { } problem) throw Invalid("password", problem);
        if (current == password) throw Invalid("password", "Choose a password other than the current one.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.ChangePasswordAsync(user, current, password!);
        if (!result.Succeeded && result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            throw Invalid("currentPassword", "The current password is not right.");
        Check(result, "password");
        user.MustChangePassword = false;
        Check(await users.UpdateAsync(user), "password");
        audit.Add(db, user.Email ?? user.Id, "user.password_changed", "User", user.Id, null, new { email = user.Email });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task DeleteAsync(string userId, string actor, CancellationToken ct = default)
    {
        var user = await FindAsync(userId);
        if (IsSelf(user, actor)) throw Invalid("user", "You cannot delete yourself.");
        if (await users.IsInRoleAsync(user, Roles.Admin)) await EnsureAnotherAdminAsync(user, "delete");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var roles = await users.GetRolesAsync(user);
        Check(await users.DeleteAsync(user), "user");
        audit.Add(db, actor, "user.deleted", "User", user.Id, new { email = user.Email, roles }, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task ClearLockoutAsync(AppUser user)
    {
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
    }

    private async Task<AppUser> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException($"User '{userId}' does not exist.");

    private static bool IsSelf(AppUser user, string actor) => string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase);

    private IQueryable<RoleLink> RoleLinks() =>
        db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new RoleLink { UserId = ur.UserId, Name = r.Name! });

    private UserRow Row(AppUser u, IEnumerable<string> roles) => new(
        u.Id, u.Email ?? u.UserName ?? u.Id, roles.OrderBy(Roles.Rank).ToList(), u.Disabled,
        u.LockoutEnd > time.GetUtcNow() ? u.LockoutEnd : null, u.MustChangePassword, u.CreatedAt);

    private async Task EnsureAnotherAdminAsync(AppUser user, string verb)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!admins.Any(a => a.Id != user.Id && !a.Disabled))
            throw new ConflictException($"{user.Email} is the last enabled admin; you cannot {verb} them. Make another user an admin first.");
    }

    private static string? PasswordProblem(string? password) =>
        password is null || password.Length < 10 ? "Password must be at least 10 characters." : null;

    private static string? RolesProblem(IReadOnlyCollection<string>? roles) =>
        roles is null || roles.Count == 0 ? "Pick at least one role."
        : roles.Any(r => !Roles.IsKnown(r)) ? $"Roles must be among {string.Join(", ", Roles.All)}." : null;

    private static ValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
            throw new ValidationException(new Dictionary<string, string[]> { [field] = result.Errors.Select(e => e.Description).ToArray() });
    }

    private sealed class RoleLink
    {
        public required string UserId { get; init; }
        public required string Name { get; init; }
    }
}
