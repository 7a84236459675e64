using Npgsql;

namespace WebhookConsole.Data;

/// <summary>
/// Tells the other nodes of a PostgreSQL cluster that cached data changed (PostgreSQL NOTIFY; <see cref="ClusterListener"/>
/// hears it on every node). On SQLite there is one node and nothing to tell.
/// </summary>
public sealed class ClusterSignals(IConfiguration configuration, ILogger<ClusterSignals> logger)
{
    public const string ReferenceChannel = "webhookconsole_reference";
    public const string IntegrationChannel = "webhookconsole_integration";
    public const string NotifyReferenceSql = $"SELECT pg_notify('{ReferenceChannel}', '')";

    private readonly string? connectionString = string.Equals(configuration["Database:Provider"], DatabaseProvider.Postgres, StringComparison.OrdinalIgnoreCase)
        ? configuration.GetConnectionString("Postgres")
        : null;

    public bool Clustered => connectionString is not null;

    /// <summary>An integration was deleted or switched on or off: every node drops its cached settings at once.</summary>
    public async Task IntegrationChangedAsync(string integrationId)
    {
        if (connectionString is null) return;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT pg_notify('{IntegrationChannel}', @id)", connection);
            command.Parameters.AddWithValue("id", integrationId);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            // The change is saved; other nodes fall back to the settings cache duration.
            logger.LogWarning(e, "Could not tell the other nodes that integration {IntegrationId} changed", integrationId);
        }
    }
}
