using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace WebhookConsole.Data;

/// <summary>
/// The group writer's plain statements on SQLite's own API: prepared once, bound by position with typed calls, stepped and
/// reset. Through <see cref="SqliteCommand"/> every run looked each parameter up by name, chose its binding by its runtime
/// type and built a data reader, for four statements of up to eighteen values per delivery.
/// Only inside a transaction (it holds the write lock, so a statement never meets a busy database) and only for values
/// of the types bound here; anything else goes through the command as before.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : IDisposable
{
    /// <summary>Distinct statements kept prepared; beyond this the cache starts over (every statement here is a constant).</summary>
    private const int MaxStatements = 64;

    /// <summary>Each statement with the position SQLite gave @p0, @p1, … (numbered by first appearance in the text).</summary>
    private readonly Dictionary<string, (sqlite3_stmt Statement, int[] Positions)> statements = new(StringComparer.Ordinal);

    /// <summary>Whether every value has a typed binding here (the values <see cref="SqlBatch"/> writes on SQLite).</summary>
    public static bool CanBind(object?[] values)
    {
        foreach (var value in values)
            if (value is not (null or string or long or int or bool or byte[] or double)) return false;
        return true;
    }

    /// <summary>Runs <paramref name="sql"/> with <paramref name="values"/> as @p0, @p1, …; returns the rows it changed.</summary>
    public int Execute(string sql, object?[] values)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var (statement, positions) = Prepare(db, sql);
        if (positions.Length != values.Length) throw new ArgumentException($"The statement takes {positions.Length} values, not {values.Length}.", nameof(values));
        try
        {
            for (var i = 0; i < values.Length; i++) Check(Bind(statement, positions[i], values[i]), db);
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                // a statement run for its changes; rows it returns are not read
            }
            Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
            return raw.sqlite3_changes(db);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private (sqlite3_stmt, int[]) Prepare(sqlite3 db, string sql)
    {
        if (statements.TryGetValue(sql, out var prepared)) return prepared;
        if (statements.Count >= MaxStatements) Dispose();
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        var positions = new int[raw.sqlite3_bind_parameter_count(statement)];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = raw.sqlite3_bind_parameter_index(statement, "@p" + i);
            if (positions[i] == 0)
            {
                statement.Dispose();
                throw new ArgumentException("Statements here name their values @p0, @p1, … without gaps.", nameof(sql));
            }
        }
        statements[sql] = (statement, positions);
        return (statement, positions);
    }

    private static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text16(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        double number => raw.sqlite3_bind_double(statement, index, number),
        _ => throw new NotSupportedException($"No typed binding for a {value.GetType().Name}."),
    };

    /// <summary>Throws SQLite's error as <see cref="SqliteException"/> (constraint violations keep their codes).</summary>
    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    public void Dispose()
    {
        foreach (var (statement, _) in statements.Values) statement.Dispose();
        statements.Clear();
    }
}
