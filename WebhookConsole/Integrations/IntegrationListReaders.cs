using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Integrations;

/// <summary>
/// The integration list on SQLite, read through a few connections of its own that stay open with the statement prepared
/// on them. A pooled connection per call re-registered EF Core's SQL functions on every open and removed them on every
/// close, and the statement was parsed and planned each time: together most of the list's CPU. Each call still runs the
/// statement, so an edit or a new delivery shows in the very next list. On PostgreSQL the pooled path stays.
/// </summary>
public sealed class IntegrationListReaders(IDbContextFactory<AppDbContext> dbFactory) : IDisposable
{
    /// <summary>Connections kept idle between calls; more concurrent calls open extra ones and close them after.</summary>
    private const int Kept = 4;

    private readonly ConcurrentBag<Reader> idle = [];
    private bool? postgres;
    private volatile bool disposed;

    internal async Task<List<IntegrationListSql.Row>> ReadAsync(CancellationToken ct)
    {
        if (postgres == true) return await ReadPooledAsync(ct);
        if (!idle.TryTake(out var reader))
        {
            var db = await dbFactory.CreateDbContextAsync(ct);
            if (db is PostgresDbContext)
            {
                postgres = true;
                await db.DisposeAsync();
                return await ReadPooledAsync(ct);
            }
            postgres = false;
            reader = await Reader.OpenAsync(db, ct);
        }
        List<IntegrationListSql.Row> rows;
        try
        {
            rows = await IntegrationListSql.ReadAsync(reader.Command, postgres: false, ct);
        }
        catch
        {
            // Whatever state a failed or cancelled read left the connection in, it is not reused.
            await reader.DisposeAsync();
            throw;
        }
        if (!disposed && idle.Count < Kept) idle.Add(reader);
        else await reader.DisposeAsync();
        return rows;
    }

    private async Task<List<IntegrationListSql.Row>> ReadPooledAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await IntegrationListSql.ReadAsync(db, ct);
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var reader)) reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>A context whose connection stays open (its pragmas applied once), with the list statement prepared on it.</summary>
    private sealed class Reader(AppDbContext db, DbCommand command) : IAsyncDisposable
    {
        public DbCommand Command => command;

        public static async Task<Reader> OpenAsync(AppDbContext db, CancellationToken ct)
        {
            try
            {
                await db.Database.OpenConnectionAsync(ct);
                var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = IntegrationListSql.ListSql;
                await command.PrepareAsync(ct);
                return new Reader(db, command);
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await command.DisposeAsync();
            await db.Database.CloseConnectionAsync();
            await db.DisposeAsync();
        }
    }
}
