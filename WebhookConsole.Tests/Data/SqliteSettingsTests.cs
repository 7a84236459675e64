using Microsoft.EntityFrameworkCore;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

/// <summary>
/// Every connection the console opens on its SQLite file carries its settings: the durability and erasure ones (a
/// process crash loses nothing committed, freed pages are zeroed) and the ones that save system calls (memory-mapped
/// reads, a larger page cache, a log bounded to 40 MiB, larger pages in a new file).
/// </summary>
[Trait("Lane", "Integration")]
public class SqliteSettingsTests
{
    private static readonly Dictionary<string, long> Expected = new()
    {
        ["synchronous"] = 1, // NORMAL
        ["secure_delete"] = 1,
        ["busy_timeout"] = 10_000,
        ["mmap_size"] = 268_435_456,
        ["cache_size"] = -16_384,
        ["wal_autocheckpoint"] = 10_240, // 40 MiB of log in 4 KiB pages
    };

    [Fact]
    public async Task Each_connection_of_the_console_has_every_setting()
    {
        await using var factory = new ConsoleFactory();
        _ = factory.Server;
        // Two contexts at once: two pooled connections, each configured on its own.
        await using var first = factory.NewDb();
        await using var second = factory.NewDb();
        foreach (var db in new[] { first, second })
        {
            await db.Database.OpenConnectionAsync();
            foreach (var (pragma, expected) in Expected)
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = $"PRAGMA {pragma}";
                Assert.Equal((pragma, expected), (pragma, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    [Fact]
    public async Task A_new_database_has_4_KiB_pages_and_an_existing_one_keeps_its_own()
    {
        await using var fresh = new ConsoleFactory();
        _ = fresh.Server;
        Assert.Equal(4_096, await PageSizeAsync(fresh));

        await using var existing = new ConsoleFactory();
        await using (var file = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={existing.DatabasePath};Pooling=False"))
        {
            await file.OpenAsync();
            await using var command = file.CreateCommand();
            command.CommandText = "PRAGMA page_size=16384; CREATE TABLE \"Before\" (\"X\" INTEGER);";
            await command.ExecuteNonQueryAsync();
        }
        _ = existing.Server;
        Assert.Equal(16_384, await PageSizeAsync(existing));
        // Migrated at its own page size.
        await using var db = existing.NewDb();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    private static async Task<long> PageSizeAsync(ConsoleFactory factory)
    {
        await using var db = factory.NewDb();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
