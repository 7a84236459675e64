using Microsoft.Data.Sqlite;

namespace WebhookConsole.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file from a loop of its own. SQLite otherwise does it inside the
/// commit that takes the log past its threshold (1000 pages by default): that commit is the group writer's, so every event
/// and outcome in the group waited on the checkpoint's two fsyncs, milliseconds several times a second under steady ingest,
/// the slowest percent of ingest-to-delivery times. Here a checkpoint runs every <see cref="Interval"/> when the log has
/// changed, in PASSIVE mode (it never waits for, nor blocks, readers or the writer), and commits checkpoint themselves only
/// past <see cref="CommitThresholdBytes"/> of log, a backstop should this loop fall behind.
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>The log size at which a commit checkpoints by itself (<c>PRAGMA wal_autocheckpoint</c>, set per connection by
    /// <see cref="SqlitePragmaInterceptor"/> in pages of the file's own size).</summary>
    public const long CommitThresholdBytes = 40L * 1024 * 1024;

    /// <summary><see cref="CommitThresholdBytes"/> in pages of <paramref name="pageSize"/> bytes (10,240 of 4 KiB, 2,560 of 16 KiB).</summary>
    public static int CommitThresholdPages(long pageSize) => (int)(CommitThresholdBytes / pageSize);

    private readonly string walPath = new SqliteConnectionStringBuilder(connectionString).DataSource + "-wal";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        await using var connection = new SqliteConnection(connectionString);
        var seen = (Length: -1L, Written: DateTime.MinValue);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // One stat a tick: a log no one wrote to since the last checkpoint needs none (an idle console does no I/O).
                var wal = new FileInfo(walPath);
                if (!wal.Exists || (wal.Length, wal.LastWriteTimeUtc) == seen) continue;
                try
                {
                    if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(stoppingToken);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await command.ExecuteNonQueryAsync(stoppingToken);
                    wal.Refresh();
                    seen = (wal.Length, wal.LastWriteTimeUtc);
                }
                catch (SqliteException e)
                {
                    // Another checkpoint was running (a commit's backstop): the next tick tries again.
                    logger.LogDebug(e, "WAL checkpoint skipped");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
