using System.Data.Common;

namespace WebhookConsole.Data;

/// <summary>
/// Plain SQL statements on the group writer's connection and transaction. Each distinct statement is prepared once
/// per group and then only re-bound, which is what makes thousands of small writes per second cheap on SQLite.
/// Parameters are positional: <c>@p0</c>, <c>@p1</c>, …
/// </summary>
public sealed class SqlBatch(DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);

    public int Execute(string sql, params object?[] values) => Prepare(sql, values).ExecuteNonQuery();

    /// <summary>Runs a statement that returns rows (a query, or <c>UPDATE … RETURNING</c>) and reads each with <paramref name="read"/>.</summary>
    public List<T> Query<T>(string sql, Func<DbDataReader, T> read, params object?[] values)
    {
        var rows = new List<T>();
        using var reader = Prepare(sql, values).ExecuteReader();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private DbCommand Prepare(string sql, object?[] values)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                command.Parameters.Add(parameter);
            }
            commands[sql] = command;
        }
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    /// <summary>A time as the model stores it (<see cref="UnixMillisecondsConverter"/>: Unix milliseconds on SQLite).</summary>
    public static object? Stamp(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public void Dispose()
    {
        foreach (var command in commands.Values) command.Dispose();
    }
}
