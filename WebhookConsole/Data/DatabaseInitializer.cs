using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Identity;

namespace WebhookConsole.Data;

/// <summary>Start-up: apply migrations, make sure roles, the first admin and the bootstrap API key exist, seed demo data.</summary>
internal sealed class DatabaseInitializer(
    AppDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    ApiKeyService apiKeys,
    KeyRing.KeyRingGuard keyRing,
    Privacy.AtRestKeyStore atRestKeys,
    IConfiguration configuration,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    public const string DemoAdminEmail = "admin@webhookconsole.local";

    public async Task InitializeAsync(CancellationToken ct)
    {
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.MigrateAsync(ct);
        await keyRing.CheckAsync(db, ct);
        await atRestKeys.LoadAsync(db, ct);

        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        if (!await users.Users.AnyAsync(ct))
            await CreateFirstAdminAsync();

        var bootstrapKey = configuration["Bootstrap:ApiKey"];
        if (!string.IsNullOrWhiteSpace(bootstrapKey))
            await apiKeys.EnsureAsync(bootstrapKey.Trim(), ct);

        if (configuration.GetValue("DemoData:Enabled", environment.IsDevelopment()))
            await DemoData.SeedAsync(db, time, ct);
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
