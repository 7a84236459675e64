using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

public class MigrationTests
{
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
