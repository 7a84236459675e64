using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Data;

/// <summary>
/// Start-up: apply migrations, check the key ring and load the at-rest keys, run the modules' <see cref="IDatabaseSeeder"/>s
/// (roles, the first admin, the bootstrap API key), seed demo data.
/// </summary>
internal sealed class DatabaseInitializer(
    AppDbContext db,
    KeyRing.KeyRingGuard keyRing,
    AtRestKeyStore atRestKeys,
    IEnumerable<IDatabaseSeeder> seeders,
    IConfiguration configuration,
    IHostEnvironment environment,
    TimeProvider time)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync(SqlitePragmaInterceptor.NewDatabasePageSize + "PRAGMA journal_mode=WAL;", ct);
            await SqlitePragmaInterceptor.SetAutoCheckpointAsync(db.Database.GetDbConnection(), ct);
            await db.Database.CloseConnectionAsync();
        }
        await db.Database.MigrateAsync(ct);
        await keyRing.CheckAsync(db, ct);
        await atRestKeys.LoadAsync(db, ct);

        foreach (var seeder in seeders)
            await seeder.SeedAsync(ct);

        if (configuration.GetValue("DemoData:Enabled", environment.IsDevelopment()))
            await DemoData.SeedAsync(db, time, ct);
    }
}
