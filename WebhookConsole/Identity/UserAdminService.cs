using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Identity;

public sealed record UserRow(string Id, string Email, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt);

public sealed record NewUser(string Email, string Password, IReadOnlyList<string> Roles);

/// <summary>User management for admins; every change is audited in the same transaction.</summary>
public sealed class UserAdminService(UserManager<AppUser> users, AppDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<List<UserRow>> ListAsync(CancellationToken ct = default)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roleLinks = await db.UserRoles.AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var now = time.GetUtcNow();
        return all.Select(u => new UserRow(
                u.Id,
                u.Email ?? u.UserName ?? u.Id,
                roleLinks.Where(l => l.UserId == u.Id).Select(l => l.Name!).OrderBy(n => n).ToList(),
                u.LockoutEnd == DateTimeOffset.MaxValue,
                u.LockoutEnd > now && u.LockoutEnd != DateTimeOffset.MaxValue ? u.LockoutEnd : null,
                u.CreatedAt))
            .ToList();
    }

    public static Dictionary<string, string[]> Validate(string? email, string? password, IEnumerable<string>? roles)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(email)) errors["email"] = ["E-mail is required."];
        else if (!System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _)) errors["email"] = ["E-mail is not a valid address."];
        if (password is null || password.Length < 10) errors["password"] = ["Password must be at least 10 characters."];
        var roleList = roles?.ToList() ?? [];
        if (roleList.Count == 0) errors["roles"] = ["Pick at least one role."];
        else if (roleList.Any(r => !Roles.IsKnown(r))) errors["roles"] = [$"Roles must be among {string.Join(", ", Roles.All)}."];
        return errors;
    }

    public async Task<AppUser> CreateAsync(NewUser input, string actor, CancellationToken ct = default)
    {
        var errors = Validate(input.Email, input.Password, input.Roles);
        if (errors.Count > 0) throw new ValidationException(errors);
        var email = input.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
            throw new ValidationException(new Dictionary<string, string[]> { ["email"] = [$"A user with e-mail {email} already exists."] });

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
        Check(await users.CreateAsync(user, input.Password), "password");
        Check(await users.AddToRolesAsync(user, input.Roles.Distinct()), "roles");
        audit.Add(db, actor, "user.created", "User", user.Id, null, new { email, roles = input.Roles });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user;
    }

    public async Task SetRolesAsync(string userId, IReadOnlyList<string> roles, string actor, CancellationToken ct = default)
    {
        if (roles.Count == 0 || roles.Any(r => !Roles.IsKnown(r)))
            throw new ValidationException(new Dictionary<string, string[]> { ["roles"] = ["Pick at least one known role."] });
        var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException("User not found.");
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin)) await EnsureAnotherAdminAsync(user);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.RemoveFromRolesAsync(user, current.Except(roles)), "roles");
        Check(await users.AddToRolesAsync(user, roles.Except(current)), "roles");
        await users.UpdateSecurityStampAsync(user);
        audit.Add(db, actor, "user.roles_changed", "User", user.Id, new { roles = current }, new { roles });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task SetDisabledAsync(string userId, bool disabled, string actor, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException("User not found.");
        if (disabled && string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase))
            throw new ValidationException(new Dictionary<string, string[]> { ["user"] = ["You cannot disable yourself."] });
        if (disabled && await users.IsInRoleAsync(user, Roles.Admin)) await EnsureAnotherAdminAsync(user);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
        await users.UpdateSecurityStampAsync(user);
        audit.Add(db, actor, disabled ? "user.disabled" : "user.enabled", "User", user.Id, null, new { email = user.Email });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task EnsureAnotherAdminAsync(AppUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!admins.Any(a => a.Id != user.Id && a.LockoutEnd != DateTimeOffset.MaxValue))
            throw new ValidationException(new Dictionary<string, string[]> { ["roles"] = ["At least one active admin must remain."] });
    }

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
            throw new ValidationException(new Dictionary<string, string[]> { [field] = result.Errors.Select(e => e.Description).ToArray() });
    }
}
