using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

/// <summary>
/// The group writer keeps one connection and its prepared statements from group to group on SQLite: each group still
/// commits on its own, a failed unit fails alone and the writer carries on, and it sees what other connections wrote.
/// </summary>
[Trait("Lane", "Integration")]
public class GroupCommitWriterTests
{
    private const string Insert = """INSERT INTO "WriterProbe" ("Key") VALUES (@p0)""";

    [Fact]
    public async Task Statements_kept_across_groups_commit_each_group_and_a_failed_unit_fails_alone()
    {
        await using var factory = new ConsoleFactory();
        var writer = await WriterWithProbeTableAsync(factory);

        // The same statement in consecutive groups: the prepared command runs under each group's own transaction.
        await writer.WriteSqlAsync(sql => sql.Execute(Insert, "a"));
        await writer.WriteSqlAsync(sql => sql.Execute(Insert, "b"));

        // A duplicate among others queued at once: only it fails, whether they share a group or not.
        var c = writer.WriteSqlAsync(sql => sql.Execute(Insert, "c"));
        var duplicate = writer.WriteSqlAsync(sql => sql.Execute(Insert, "a"));
        var d = writer.WriteSqlAsync(sql => sql.Execute(Insert, "d"));
        await Task.WhenAll(c, d);
        await Assert.ThrowsAsync<SqliteException>(() => duplicate);

        // Another connection's commit is seen by the writer's next group, and the writer still works after the failure.
        await using (var other = new SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            await other.OpenAsync();
            await using var command = other.CreateCommand();
            command.CommandText = """INSERT INTO "WriterProbe" ("Key") VALUES ('e')""";
            await command.ExecuteNonQueryAsync();
        }
        var keys = await writer.WriteSqlAsync(sql =>
        {
            sql.Execute(Insert, "f");
            return sql.Query("""SELECT "Key" FROM "WriterProbe" ORDER BY "Key" """, (r, _) => r.GetString(0));
        });
        Assert.Equal(["a", "b", "c", "d", "e", "f"], keys);

        Assert.Equal(6L, await CommittedRowsAsync(factory));
    }

    [Fact]
    public async Task Deferrable_units_commit_alone_in_bulk_and_ride_in_order_with_a_unit_that_must_not_wait()
    {
        await using var factory = new ConsoleFactory();
        var writer = await WriterWithProbeTableAsync(factory);

        // Alone: nothing else comes, so it commits once its wait is over, and hands back its result.
        Assert.Equal(1, await writer.WriteSqlLaterAsync(sql => sql.Execute(Insert, "alone")));

        // More than enough for a group of their own, queued at once; a duplicate among them fails alone.
        var many = Enumerable.Range(0, GroupCommitWriter.LaterTarget + 10)
            .Select(i => writer.WriteSqlLaterAsync(sql => sql.Execute(Insert, $"many-{i:D3}"))).ToList();
        var duplicate = writer.WriteSqlLaterAsync(sql => sql.Execute(Insert, "alone"));
        Assert.All(await Task.WhenAll(many), changed => Assert.Equal(1, changed));
        await Assert.ThrowsAsync<SqliteException>(() => duplicate);

        // Queued before a unit that must not wait: committed with it or before it, never after, so the later unit sees it.
        var deferred = writer.WriteSqlLaterAsync(sql => sql.Execute(Insert, "deferred"));
        var seen = await writer.WriteSqlAsync(sql =>
            sql.Query("""SELECT COUNT(*) FROM "WriterProbe" WHERE "Key" = 'deferred'""", (r, _) => r.GetInt64(0)).Single());
        Assert.Equal(1, await deferred);
        Assert.Equal(1L, seen);

        Assert.Equal(2L + GroupCommitWriter.LaterTarget + 10, await CommittedRowsAsync(factory));
    }

    private static async Task<GroupCommitWriter> WriterWithProbeTableAsync(ConsoleFactory factory)
    {
        _ = factory.Server;
        var writer = factory.Services.GetRequiredService<GroupCommitWriter>();
        await writer.WriteSqlAsync(sql => sql.Execute("""CREATE TABLE "WriterProbe" ("Key" TEXT NOT NULL PRIMARY KEY)"""));
        return writer;
    }

    /// <summary>Rows committed, as another connection sees them.</summary>
    private static async Task<long> CommittedRowsAsync(ConsoleFactory factory)
    {
        await using var check = new SqliteConnection($"Data Source={factory.DatabasePath};Mode=ReadOnly");
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        count.CommandText = """SELECT COUNT(*) FROM "WriterProbe" """;
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
