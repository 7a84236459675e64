using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebhookConsole.Observability;

/// <summary>
/// Ready only when the database can be read: a real read of the deliveries table, not just an open connection. On SQLite
/// it goes through a fresh, unpooled connection, because a pooled one keeps pages cached and would keep answering from
/// memory over a corrupted or replaced file. The outcome is kept for a second so frequent probes cost next to nothing.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(1);
    private const string Probe = "SELECT \"Id\" FROM \"Deliveries\" ORDER BY \"Id\" DESC LIMIT 1";

    private readonly CachedResult cache = new(KeepFor, time);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        cache.GetAsync(ProbeAsync, cancellationToken);

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (db.Database.IsSqlite())
            {
                var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString())
                {
                    Pooling = false,
                    Mode = SqliteOpenMode.ReadWrite, // never creates an empty file in place of a missing one
                };
                await using var connection = new SqliteConnection(builder.ConnectionString);
                await connection.OpenAsync(ct);
                await ReadAsync(connection, ct);
            }
            else
            {
                var connection = db.Database.GetDbConnection();
                await db.Database.OpenConnectionAsync(ct);
                await ReadAsync(connection, ct);
            }
            return HealthCheckResult.Healthy("The database answers reads.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database cannot be read: " + e.Message);
        }
    }

    private static async Task ReadAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Probe;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) { }
    }
}
