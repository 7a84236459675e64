using System.Data.Common;
using Npgsql;

namespace WebhookConsole.Data;

/// <summary>The console's own PostgreSQL connections, tuned for its hot paths unless the connection string says otherwise.</summary>
public static class PostgresConnection
{
    /// <summary>
    /// Adds what the operator did not set: <c>Max Auto Prepare</c> (the dispatcher's and ingest's statements repeat
    /// thousands of times a second; prepared once per connection, the server no longer parses and plans each run) and
    /// <c>No Reset On Close</c> (the console keeps no session state on pooled connections, so resetting them on every
    /// return to the pool is a wasted statement per transaction).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Given(given, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        if (!Given(given, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    private static bool Given(DbConnectionStringBuilder given, params string[] keys) =>
        given.Keys.Cast<string>().Any(k => keys.Any(key => string.Equals(k.Replace(" ", ""), key.Replace(" ", ""), StringComparison.OrdinalIgnoreCase)));
}
