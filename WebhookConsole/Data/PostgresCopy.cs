using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace WebhookConsole.Data;

/// <summary>
/// Many rows in one binary COPY on PostgreSQL, with the table and columns of a plain <c>INSERT … VALUES</c> statement (so
/// the two cannot drift apart). Runs in the connection's open transaction: a failure rolls back with the rest of the group.
/// </summary>
internal static partial class PostgresCopy
{
    private static readonly ConcurrentDictionary<string, string> Commands = new(StringComparer.Ordinal);

    [GeneratedRegex("""^\s*INSERT INTO ("\w+") (\([^)]*\))""")]
    private static partial Regex InsertInto();

    public static void Write(DbConnection connection, string insertSql, IEnumerable<object?[]> rows)
    {
        var copy = Commands.GetOrAdd(insertSql, sql => InsertInto().Match(sql) is { Success: true } m
            ? $"COPY {m.Groups[1].Value} {m.Groups[2].Value} FROM STDIN (FORMAT BINARY)"
            : throw new ArgumentException("not an INSERT INTO \"Table\" (columns) statement: " + sql, nameof(insertSql)));
        using var import = ((NpgsqlConnection)connection).BeginBinaryImport(copy);
        foreach (var row in rows)
        {
            import.StartRow();
            foreach (var value in row)
            {
                if (value is null) import.WriteNull();
                else import.Write(value);
            }
        }
        import.Complete();
    }
}
