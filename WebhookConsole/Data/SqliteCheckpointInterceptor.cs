using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WebhookConsole.Data;

/// <summary>
/// Raises the log size at which a commit checkpoints by itself to <see cref="SqliteCheckpointer.CommitThresholdPages"/>, once
/// per native connection (pooled handles keep it): routine checkpoints are <see cref="SqliteCheckpointer"/>'s, off the commit path.
/// </summary>
internal sealed class SqliteCheckpointInterceptor : DbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<object, object> Raised = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Raise(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Raise(connection); // SQLite runs its "async" calls synchronously anyway
        return Task.CompletedTask;
    }

    private static void Raise(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } && !Raised.TryAdd(handle, handle)) return;
        using var command = connection.CreateCommand();
        command.CommandText = SqliteCheckpointer.CommitThresholdPragma;
        command.ExecuteNonQuery();
    }
}
