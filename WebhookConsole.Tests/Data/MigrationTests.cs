using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using WebhookConsole.Data;
using WebhookConsole.EventLogs;
using WebhookConsole.Tests.EventLogs;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

[Trait("Lane", "Integration")]
public class MigrationTests
{
    /// <summary>A model change needs a migration for each provider: SQLite's and PostgreSQL's (Data/Migrations/Postgres).</summary>
    [Fact]
    public void Both_providers_have_a_migration_for_every_model_change()
    {
        using var sqlite = new WebhookConsole.Data.DesignTimeDbContextFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "the SQLite migrations miss a model change: dotnet ef migrations add <Name> --project WebhookConsole --context AppDbContext --output-dir Data/Migrations/Sqlite");
        using var postgres = new WebhookConsole.Data.PostgresDesignTimeDbContextFactory().CreateDbContext([]);
        Assert.False(postgres.Database.HasPendingModelChanges(), "the PostgreSQL migrations miss a model change: dotnet ef migrations add <Name> --project WebhookConsole --context PostgresDbContext --output-dir Data/Migrations/Postgres");
    }

    [Fact]
    public async Task An_empty_postgres_database_gets_every_migration_and_the_bootstrap_admin()
    {
        await using var factory = await new ConsoleFactory().OnPostgresAsync();
        _ = factory.Server;
        await using var db = factory.NewDb();
        Assert.True(db.Database.IsNpgsql());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(ConsoleFactory.AdminEmail, (await db.Users.SingleAsync()).Email);
    }

    [Fact]
    public async Task An_empty_file_gets_every_migration_and_the_bootstrap_admin()
    {
        await using var factory = new ConsoleFactory();
        Assert.False(File.Exists(factory.DatabasePath));
        _ = factory.Server; // starts the app

        await using var db = factory.NewDb();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(ConsoleFactory.AdminEmail, (await db.Users.SingleAsync()).Email);
        Assert.Equal(3, await db.Roles.CountAsync());

        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_incomplete_delay_moves_from_minutes_to_seconds_keeping_its_length()
    {
        await using var factory = new ConsoleFactory();
        // A database left at an older release, built on an empty file (the app itself would migrate it at start).
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={factory.DatabasePath}").Options;
        await using (var db = new AppDbContext(options))
        {
            var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            await migrator.MigrateAsync("20261125122800_EventLogs");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Integrations" ("Id", "Name", "Url", "Active", "Kind", "PayloadVersion", "DelaySeconds", "SendAnswers", "SendLeads",
                    "IncompleteSend", "IncompleteDelayMinutes", "CreatedAt", "UpdatedAt")
                VALUES ('int_old', 'Old', 'https://a.example/h', 1, 'participation', '2.0', 0, 0, 0, 1, 45, 0, 0)
                """);
            await migrator.MigrateAsync();
        }
        await using var check = factory.NewDb();
        Assert.Equal(2700, (await check.Integrations.SingleAsync()).IncompleteDelaySeconds);
    }

    /// <summary>
    /// Deliveries stored in every status before the two status-led indexes became one are found by status, counted by
    /// creation time and listed per hour after the migration, on both providers; the old indexes are gone.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rows_in_every_status_are_read_through_the_merged_status_index(bool postgres)
    {
        await using var factory = postgres
            ? await new ConsoleFactory().With("Delivery:Enabled", "false").OnPostgresAsync()
            : new ConsoleFactory().With("Delivery:Enabled", "false");
        var now = DateTimeOffset.UtcNow;
        var statuses = DeliveryStatuses.All.ToList();
        var rows = statuses.Select((s, i) => DeliverySeed.Delivery("int_m", now.AddMinutes(-10 * (i + 1)), s)).ToList();
        await using (var db = postgres
                         ? new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(factory.PostgresConnectionString).Options)
                         : new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={factory.DatabasePath}").Options))
        {
            var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            await migrator.MigrateAsync(postgres ? "20261207175957_DeliveriesIndexDiet" : "20261207174851_DeliveriesIndexDiet");
            db.Deliveries.AddRange(rows);
            await db.SaveChangesAsync();
            await migrator.MigrateAsync();
        }

        await using var check = factory.NewDb();
        for (var i = 0; i < statuses.Count; i++)
        {
            var found = await DeliveryQueries.Apply(check, new DeliveryFilter { Statuses = [statuses[i]] }).Select(d => d.Id).ToListAsync();
            Assert.Equal([rows[i].Id], found);
            Assert.Equal(1, await DeliveryQueries.CreatedSince(check, statuses[i], now.AddHours(-2)).CountAsync());
            Assert.Equal(0, await DeliveryQueries.CreatedSince(check, statuses[i], now.AddMinutes(-10 * (i + 1) + 1)).CountAsync());
        }
        var hourly = await DeliveryQueries.HourlyCountsAsync(check, now.AddHours(-3), now.AddHours(1), default);
        Assert.Equal(statuses.Count, hourly.Values.Sum(c => c.Total));
        var indexes = await check.Database.SqlQueryRaw<string>(postgres
            ? "SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'Deliveries'"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Deliveries'").ToListAsync();
        Assert.Contains("IX_Deliveries_Status_Id_CreatedAt_IntegrationId", indexes);
        Assert.DoesNotContain("IX_Deliveries_Status_Id", indexes);
        Assert.DoesNotContain("IX_Deliveries_Status_CreatedAt_IntegrationId", indexes);
    }

    [Fact]
    public async Task A_missing_folder_is_created()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"wc-folder-{Guid.NewGuid():N}", "nested");
        await using var factory = new ConsoleFactory().With("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(folder, "console.db")}");
        _ = factory.Server;
        Assert.True(File.Exists(Path.Combine(folder, "console.db")));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Demo_data_is_seeded_in_development_only()
    {
        await using (var testing = new ConsoleFactory())
        {
            _ = testing.Server;
            await using var db = testing.NewDb();
            Assert.False(await db.Websites.AnyAsync());
        }

        await using var dev = new ConsoleFactory().With("environment", "Development");
        _ = dev.Server;
        await using var devDb = dev.NewDb();
        Assert.Equal(2, await devDb.Websites.CountAsync());
        Assert.True(await devDb.Campaigns.CountAsync() >= 2);
        Assert.Equal(1, await devDb.Programs.CountAsync());
    }
}
