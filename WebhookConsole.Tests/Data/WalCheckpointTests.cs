using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

/// <summary>
/// SQLite's log is copied back into the database file by the console's own loop, not inside commits: commits checkpoint by
/// themselves only past a raised threshold, and what they write still reaches the database file.
/// </summary>
[Trait("Lane", "Integration")]
public class WalCheckpointTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Commits_checkpoint_by_themselves_only_past_the_raised_threshold()
    {
        await using var factory = new ConsoleFactory();
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint;";
        // 40 MiB of log in the new file's 4 KiB pages (and the same bytes in larger pages).
        Assert.Equal(10_240L, (long)(await command.ExecuteScalarAsync())!);
        Assert.Equal(2_560, SqliteCheckpointer.CommitThresholdPages(16_384));
    }

    [Fact]
    public async Task Committed_rows_reach_the_database_file_without_a_commit_checkpointing()
    {
        await using var factory = new ConsoleFactory();
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var file = new FileInfo(factory.DatabasePath);
        // In WAL mode only a checkpoint writes the database file itself; commits append to the log.
        await Eventually.TrueAsync(() => Unchanged(file, TimeSpan.FromMilliseconds(500)), "the database file is still after start-up");
        var before = (file.Length, file.LastWriteTimeUtc);

        // Far fewer pages than even SQLite's default threshold (1000), so no commit checkpoints by itself.
        for (var i = 0; i < 50; i++)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.AuditEntries.Add(new AuditEntry { At = Now, Actor = "test", Action = "checkpoint.test", EntityType = "test", EntityId = $"row-{i}" });
            await db.SaveChangesAsync();
        }

        await Eventually.TrueAsync(() =>
        {
            file.Refresh();
            return (file.Length, file.LastWriteTimeUtc) != before;
        }, "a checkpoint copied the committed rows into the database file");
    }

    private static async Task<bool> Unchanged(FileInfo file, TimeSpan over)
    {
        file.Refresh();
        var first = (file.Length, file.LastWriteTimeUtc);
        await Task.Delay(over);
        file.Refresh();
        return (file.Length, file.LastWriteTimeUtc) == first;
    }
}
