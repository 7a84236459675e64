using Microsoft.Data.Sqlite;

namespace WebhookConsole.Bench;

/// <summary>Reads delivery status counts straight from the console's SQLite file (read-only, WAL lets it run beside the app).</summary>
public static class DeliveryCounter
{
    public static async Task<long> CountAsync(string databasePath, string status)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Deliveries WHERE Status = $s";
        command.Parameters.AddWithValue("$s", status);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
