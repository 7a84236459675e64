using Npgsql;

namespace WebhookConsole.Data;

/// <summary>
/// On PostgreSQL, listens for <see cref="ClusterSignals"/> from any node and passes them on as
/// <see cref="DataChangeNotifications"/>, so this node's caches drop what changed: the reference data ingest routes by,
/// and an integration's delivery settings. After a lost connection everything cached is dropped, since notifications
/// may have been missed meanwhile.
/// </summary>
public sealed class ClusterListener(IConfiguration configuration, DataChangeNotifications changes, ILogger<ClusterListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = configuration.GetConnectionString("Postgres")!;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == ClusterSignals.IntegrationChannel) changes.RaiseIntegrationChanged(e.Payload);
                    else changes.RaiseReferenceDataChanged();
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {ClusterSignals.ReferenceChannel}; LISTEN {ClusterSignals.IntegrationChannel};", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // Anything may have changed while no one listened.
                changes.RaiseChangesMissed();
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Lost the cluster notification connection; reconnecting");
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
