using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WebhookConsole.Data;

/// <summary>
/// Per-connection SQLite settings. WAL lets readers run beside the writer; synchronous=NORMAL in WAL
/// mode never corrupts the file and loses at most the last commits on power loss (not on a process
/// crash); the busy timeout makes concurrent writers wait instead of failing; secure_delete zeroes freed pages, so erased
/// personal data leaves no old bytes in the file.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    // journal_mode=WAL is stored in the file and set once at start-up (DatabaseInitializer); these are per connection.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA secure_delete=ON;";

    // Pooled connections keep their native handle; the settings stick to it, so apply them once per handle.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsPragmas(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsPragmas(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool NeedsPragmas(DbConnection connection)
    {
        if (connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle }) return true;
        if (Configured.TryGetValue(handle, out _)) return false;
        Configured.AddOrUpdate(handle, handle);
        return true;
    }
}
