using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace WebhookConsole.Data;

/// <summary>
/// Plain SQL statements on the group writer's connection and transaction. Each distinct statement is prepared once
/// per group and then only re-bound, which is what makes thousands of small writes per second cheap on SQLite.
/// Parameters are positional: <c>@p0</c>, <c>@p1</c>, …
/// </summary>
public sealed class SqlBatch(DbConnection connection, DbTransaction? transaction) : IDisposable
{
    /// <summary>Distinct statements kept prepared; beyond this the cache starts over (every statement here is a constant).</summary>
    private const int MaxCommands = 64;

    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);
    private DbTransaction? current = transaction;
    private readonly List<IGathered> gathered = [];
    private readonly SqliteStatements? sqlite = connection is SqliteConnection c ? new SqliteStatements(c) : null;

    /// <summary>
    /// Statements of many units gathered into one (PostgreSQL: an <c>UPDATE … FROM unnest(…)</c>, a <c>COPY</c>), so a group
    /// of units costs one round trip instead of one each. Run before any other statement of the group, and before commit.
    /// </summary>
    public interface IGathered
    {
        void Run(SqlBatch sql);
    }

    /// <summary>This group's gathering of kind <typeparamref name="T"/>, started now if none is pending.</summary>
    public T Gather<T>() where T : class, IGathered, new()
    {
        foreach (var g in gathered)
            if (g is T mine) return mine;
        RunGathered(); // another kind was pending: it runs first, so statements keep their order
        var created = new T();
        gathered.Add(created);
        return created;
    }

    /// <summary>Runs every pending gathering; the group writer calls it before other work and before commit.</summary>
    public void RunGathered()
    {
        if (gathered.Count == 0) return;
        var pending = gathered.ToArray();
        gathered.Clear();
        foreach (var g in pending) g.Run(this);
    }

    /// <summary>
    /// Called before each statement runs. The PostgreSQL group writer begins its transaction here, so a group that comes down
    /// to one gathered statement runs it without one (a single statement is atomic by itself).
    /// </summary>
    public Action? BeforeStatement { get; set; }

    /// <summary>How many gatherings wait to run.</summary>
    public int PendingGatherings => gathered.Count;

    /// <summary>Encryption at rest of the personal columns these statements write and read; null writes them plain.</summary>
    public AtRestCipher? Cipher { get; init; }

    public byte[] Seal(byte[] value) => Cipher?.Seal(value) ?? value;
    public byte[] Open(byte[] value) => Cipher?.Open(value) ?? value;
    public string? Seal(string? value) => value is null ? null : Cipher?.Seal(value) ?? value;

    public int Execute(string sql, params object?[] values)
    {
        RunGathered();
        BeforeStatement?.Invoke();
        if (sqlite is not null && current is not null && SqliteStatements.CanBind(values)) return sqlite.Execute(sql, values);
        return Prepare(sql, values).ExecuteNonQuery();
    }

    /// <summary>
    /// Inserts many rows with the columns of <paramref name="insertSql"/> (an <c>INSERT … VALUES (@p0, …)</c>), each given as
    /// that statement's values: one binary COPY on PostgreSQL, the statement once per row on SQLite.
    /// </summary>
    public void InsertMany(string insertSql, IEnumerable<object?[]> rows)
    {
        if (!IsPostgres)
        {
            foreach (var row in rows) Execute(insertSql, row);
            return;
        }
        RunGathered();
        BeforeStatement?.Invoke();
        PostgresCopy.Write(connection, insertSql, rows);
    }

    /// <summary>Runs a statement that returns rows (a query, or <c>UPDATE … RETURNING</c>) and reads each with <paramref name="read"/>.</summary>
    public List<T> Query<T>(string sql, Func<DbDataReader, SqlBatch, T> read, params object?[] values)
    {
        RunGathered();
        BeforeStatement?.Invoke();
        var rows = new List<T>();
        using var reader = Prepare(sql, values).ExecuteReader();
        while (reader.Read()) rows.Add(read(reader, this));
        return rows;
    }

    private DbCommand Prepare(string sql, object?[] values)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            if (commands.Count >= MaxCommands) Dispose();
            command = connection.CreateCommand();
            command.Transaction = current;
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

    /// <summary>
    /// Runs the next statements in <paramref name="next"/>, keeping the prepared ones: the SQLite group writer keeps one
    /// batch on one connection from group to group, so its statements are parsed once, not once per group.
    /// </summary>
    public void UseTransaction(DbTransaction? next)
    {
        current = next;
        foreach (var command in commands.Values) command.Transaction = next;
    }

    /// <summary>PostgreSQL (timestamps as <c>timestamptz</c>, row locks with SKIP LOCKED) rather than SQLite.</summary>
    public bool IsPostgres { get; } = connection.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal);

    /// <summary>
    /// A time as the model stores it: Unix milliseconds on SQLite (<see cref="UnixMillisecondsConverter"/>), UTC
    /// <c>timestamptz</c> on PostgreSQL.
    /// </summary>
    public object? Stamp(DateTimeOffset? value) => value is not { } v ? null : IsPostgres ? v.ToUniversalTime() : v.ToUnixTimeMilliseconds();

    /// <summary>Reads a time written by <see cref="Stamp"/>.</summary>
    public DateTimeOffset ReadStamp(DbDataReader reader, int ordinal) => IsPostgres
        ? reader.GetFieldValue<DateTimeOffset>(ordinal)
        : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public void Dispose()
    {
        foreach (var command in commands.Values) command.Dispose();
        commands.Clear();
        sqlite?.Dispose();
    }
}
