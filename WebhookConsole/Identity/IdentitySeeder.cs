using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Identity;

/// <summary>Start-up: make sure the roles, the first admin and the bootstrap API key exist.</summary>
internal sealed class IdentitySeeder(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    ApiKeyService apiKeys,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<IdentitySeeder> logger) : IDatabaseSeeder
{
    public const string DemoAdminEmail = "admin@webhookconsole.local";

    public async Task SeedAsync(CancellationToken ct)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        if (!await users.Users.AnyAsync(ct))
            await CreateFirstAdminAsync();

        var bootstrapKey = configuration["Bootstrap:ApiKey"];
        if (!string.IsNullOrWhiteSpace(bootstrapKey))
            await apiKeys.EnsureAsync(bootstrapKey.Trim(), ct);
    }

    private async Task CreateFirstAdminAsync()
    {
        var email = configuration["Bootstrap:AdminEmail"];
        var password = configuration["Bootstrap:AdminPassword"];
        var generated = string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password);
        if (generated)
        {
            email = DemoAdminEmail;
            password = "Demo-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        }

        var admin = new AppUser { UserName = email!.Trim(), Email = email.Trim(), EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
        var result = await users.CreateAsync(admin, password!);
        if (!result.Succeeded)
            throw new InvalidOperationException(
                "Bootstrap admin could not be created: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Admin);
        logger.LogInformation("Created the first admin {Email}", admin.Email);

        if (generated)
        {
            // Straight to the console, never through the logger: the password must not reach log sinks.
            Console.WriteLine();
            Console.WriteLine("  ┌──────────────────────────────────────────────────────────────┐");
            Console.WriteLine("  │ WebhookConsole demo admin (shown once; change it after use)  │");
            Console.WriteLine($"  │ e-mail:   {DemoAdminEmail,-51}│");
            Console.WriteLine($"  │ password: {password,-51}│");
            Console.WriteLine("  └──────────────────────────────────────────────────────────────┘");
            Console.WriteLine();
        }
    }
}
